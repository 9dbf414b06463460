import BackgroundTasks
import React
import React_RCTAppDelegate
import ReactAppDependencyProvider
import TSBackgroundFetch
import UIKit

@main
class AppDelegate: UIResponder, UIApplicationDelegate {
  var window: UIWindow?

  var reactNativeDelegate: ReactNativeDelegate?
  var reactNativeFactory: RCTReactNativeFactory?

  func application(
    _ application: UIApplication,
    didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil
  ) -> Bool {
    // react-native-background-fetch: registers the launch handlers for the com.transistorsoft.*
    // identifiers in Info.plist (the JS side configures and schedules them).
    TSBackgroundFetch.sharedInstance().didFinishLaunching()

    // Native maintenance that JS never sees: purge old photos and chart tiles at night.
    BGTaskScheduler.shared.register(forTaskWithIdentifier: CachePurge.taskIdentifier, using: nil) { task in
      CachePurge.handle(task as! BGProcessingTask)
    }

    let delegate = ReactNativeDelegate()
    let factory = RCTReactNativeFactory(delegate: delegate)
    delegate.dependencyProvider = RCTAppDependencyProvider()

    reactNativeDelegate = delegate
    reactNativeFactory = factory

    window = UIWindow(frame: UIScreen.main.bounds)

    factory.startReactNative(
      withModuleName: "Harbor",
      in: window,
      launchOptions: launchOptions
    )

    return true
  }

  func applicationDidEnterBackground(_ application: UIApplication) {
    CachePurge.scheduleIfNeeded()
  }
}

class ReactNativeDelegate: RCTDefaultReactNativeFactoryDelegate {
  override func sourceURL(for bridge: RCTBridge) -> URL? {
    self.bundleURL()
  }

  override func bundleURL() -> URL? {
#if DEBUG
    RCTBundleURLProvider.sharedSettings().jsBundleURL(forBundleRoot: "index")
#else
    Bundle.main.url(forResource: "main", withExtension: "jsbundle")
#endif
  }
}

// MARK: - Cache purge

/// Deletes downloaded berth photos and chart tiles that have not been opened for two weeks.
enum CachePurge {
  static let taskIdentifier = "com.example.harbor.cache-purge"

  /// Submits the purge unless one is already pending (resubmitting would restart its wait).
  static func scheduleIfNeeded() {
    Task {
      let pending = await BGTaskScheduler.shared.pendingTaskRequests()
      guard !pending.contains(where: { $0.identifier == taskIdentifier }) else { return }
      let request = BGProcessingTaskRequest(identifier: taskIdentifier)
      request.requiresExternalPower = true
      request.requiresNetworkConnectivity = false
      request.earliestBeginDate = Date(timeIntervalSinceNow: 6 * 60 * 60)
      do {
        try BGTaskScheduler.shared.submit(request)
      } catch {
        NSLog("[CachePurge] could not schedule: %@", error.localizedDescription)
      }
    }
  }

  static func handle(_ task: BGProcessingTask) {
    let operation = PurgeOperation(maxAge: 14 * 24 * 60 * 60)
    task.expirationHandler = {
      operation.cancel()
    }
    operation.completionBlock = {
      task.setTaskCompleted(success: !operation.isCancelled)
    }
    queue.addOperation(operation)
  }

  private static let queue: OperationQueue = {
    let queue = OperationQueue()
    queue.name = "com.example.harbor.cache-purge"
    queue.maxConcurrentOperationCount = 1
    return queue
  }()
}

final class PurgeOperation: Operation, @unchecked Sendable {
  private let maxAge: TimeInterval

  init(maxAge: TimeInterval) {
    self.maxAge = maxAge
  }

  override func main() {
    let fileManager = FileManager.default
    guard let caches = fileManager.urls(for: .cachesDirectory, in: .userDomainMask).first else { return }
    let folders = ["berth-photos", "chart-tiles"].map { caches.appendingPathComponent($0, isDirectory: true) }
    let cutoff = Date().addingTimeInterval(-maxAge)
    for folder in folders {
      let files = (try? fileManager.contentsOfDirectory(
        at: folder,
        includingPropertiesForKeys: [.contentAccessDateKey],
        options: [.skipsHiddenFiles]
      )) ?? []
      for file in files {
        if isCancelled { return }
        let accessed = (try? file.resourceValues(forKeys: [.contentAccessDateKey]))?.contentAccessDate ?? .distantPast
        if accessed < cutoff {
          try? fileManager.removeItem(at: file)
        }
      }
    }
  }
}
