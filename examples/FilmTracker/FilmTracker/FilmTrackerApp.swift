import SwiftUI

@main
struct FilmTrackerApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var appDelegate
    @Environment(\.scenePhase) private var scenePhase
    @StateObject private var library = LibraryModel()

    var body: some Scene {
        WindowGroup {
            ContentView()
                .environmentObject(library)
        }
        .onChange(of: scenePhase) { _, newPhase in
            switch newPhase {
            case .active:
                library.reload()
            case .background:
                // Leaving the app: send local edits, then line up the background work.
                WatchlistUploader.shared.flushPendingChanges()
                SyncManager.scheduleAppRefresh()
                PosterCache.shared.schedulePrefetch()
                Task {
                    await TrailerSync.shared.scheduleIfNeeded()
                }
            default:
                break
            }
        }
        .backgroundTask(.appRefresh("com.example.filmtracker.refresh")) {
            SyncManager.scheduleAppRefresh()
            await SyncManager.shared.refreshLibrary()
        }
    }
}
