import WatchKit
import Foundation
import os

/// Keeps the next showtime from the watchlist fresh on the watch. WatchKit has its own
/// background refresh API; it shares nothing with BGTaskScheduler on the phone.
final class ExtensionDelegate: NSObject, WKExtensionDelegate {
    private let logger = Logger(subsystem: "com.example.filmtracker.watchkitapp", category: "Refresh")
    private let store = NextShowtimeStore()

    func applicationDidFinishLaunching() {
        scheduleNextRefresh()
    }

    func handle(_ backgroundTasks: Set<WKRefreshBackgroundTask>) {
        for task in backgroundTasks {
            switch task {
            case let refreshTask as WKApplicationRefreshBackgroundTask:
                store.refresh { [weak self] in
                    self?.scheduleNextRefresh()
                    refreshTask.setTaskCompletedWithSnapshot(false)
                }
            case let snapshotTask as WKSnapshotRefreshBackgroundTask:
                let expiry = store.nextShowtime?.startsAt ?? Date(timeIntervalSinceNow: 60 * 60)
                snapshotTask.setTaskCompleted(
                    restoredDefaultState: true,
                    estimatedSnapshotExpiration: expiry,
                    userInfo: nil
                )
            default:
                task.setTaskCompletedWithSnapshot(false)
            }
        }
    }

    private func scheduleNextRefresh() {
        let preferredDate = Date(timeIntervalSinceNow: 30 * 60)
        WKExtension.shared().scheduleBackgroundRefresh(withPreferredDate: preferredDate, userInfo: nil) { [logger] error in
            if let error {
                logger.error("Could not schedule refresh: \(error.localizedDescription, privacy: .public)")
            }
        }
    }
}

/// The next screening of any film on the watchlist, cached for the watch face and the app.
final class NextShowtimeStore {
    struct NextShowtime: Codable {
        let filmTitle: String
        let cinemaName: String
        let startsAt: Date
    }

    private static let defaultsKey = "nextShowtime"
    private let endpoint = URL(string: "https://api.filmtracker.example.com/v2/me/next-showtime")!
    private let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    var nextShowtime: NextShowtime? {
        guard let data = UserDefaults.standard.data(forKey: Self.defaultsKey) else { return nil }
        return try? decoder.decode(NextShowtime.self, from: data)
    }

    /// Fetches the next showtime and calls `completion` whether or not that worked.
    func refresh(completion: @escaping () -> Void) {
        URLSession.shared.dataTask(with: endpoint) { [decoder] data, response, _ in
            defer { completion() }
            guard let data,
                  (response as? HTTPURLResponse)?.statusCode == 200,
                  (try? decoder.decode(NextShowtime.self, from: data)) != nil else { return }
            UserDefaults.standard.set(data, forKey: Self.defaultsKey)
        }.resume()
    }
}
