import Foundation

/// BGTaskScheduler identifiers with fixed names. Each one must also appear under
/// `BGTaskSchedulerPermittedIdentifiers` in FilmTracker/Info.plist, or registering it fails.
///
/// Two identifiers live next to the code that owns them instead: the app refresh id, which is
/// derived from the bundle id (`SyncConstants`), and the poster prefetch and ratings export ids
/// (`PosterCache`, `RatingsExporter`).
enum TaskIdentifier: String {
    /// Overnight database housekeeping; only runs on external power.
    case dbCleanup = "com.example.filmtracker.db-cleanup"
    /// Upload of the sleep study data set, run as a health research task.
    case healthStudy = "com.example.filmtracker.health-study"
    /// Download of trailers for films on the watchlist.
    case trailersSync = "com.example.filmtracker.trailers-sync"
    /// Rendering of trailer stills.
    case thumbnails = "com.example.filmtracker.thumbnails"
}
