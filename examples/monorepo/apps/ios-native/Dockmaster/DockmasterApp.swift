import SwiftUI

@main
struct DockmasterApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var appDelegate
    @Environment(\.scenePhase) private var scenePhase
    @State private var store = ArrivalsStore()

    var body: some Scene {
        WindowGroup {
            ArrivalsView(store: store)
        }
        .onChange(of: scenePhase) { _, phase in
            if phase == .background {
                ArrivalsRefresh.schedule()
                CachePurge.scheduleIfNeeded()
            }
        }
    }
}
