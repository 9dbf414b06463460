import Foundation
import os

/// The watchlist and ratings as the UI sees them, read from the local database.
@MainActor
final class LibraryModel: ObservableObject {
    @Published private(set) var watchlist: [Film] = []
    @Published private(set) var ratings: [Int: Rating] = [:]
    @Published private(set) var errorMessage: String?

    private static let logger = Logger(subsystem: "com.example.filmtracker", category: "Library")

    var allRatings: [Rating] {
        Array(ratings.values)
    }

    func reload() {
        do {
            let store = try DatabaseStore.open()
            watchlist = try store.watchlist()
            let stored = try store.ratings()
            ratings = Dictionary(stored.map { ($0.filmID, $0) }, uniquingKeysWith: { _, newer in newer })
            errorMessage = nil
        } catch {
            Self.logger.error("Reload failed: \(error.localizedDescription, privacy: .public)")
            errorMessage = error.localizedDescription
        }
    }

    func showtimes(for film: Film) -> [Showtime] {
        (try? DatabaseStore.open().showtimes(forFilm: film.id, after: .now)) ?? []
    }

    func rate(_ film: Film, stars: Int, note: String) {
        let rating = Rating(filmID: film.id, stars: stars, note: note, ratedAt: .now)
        do {
            try DatabaseStore.open().saveRating(rating)
        } catch {
            errorMessage = error.localizedDescription
            return
        }
        ratings[film.id] = rating
        WatchlistUploader.shared.enqueue(
            WatchlistChange(filmID: film.id, kind: .rated, stars: stars, changedAt: rating.ratedAt)
        )
        RatingsExporter.shared.scheduleExport()
    }

    func remove(_ film: Film) {
        do {
            try DatabaseStore.open().removeFromWatchlist(filmID: film.id)
        } catch {
            errorMessage = error.localizedDescription
            return
        }
        watchlist.removeAll { $0.id == film.id }
        WatchlistUploader.shared.enqueue(
            WatchlistChange(filmID: film.id, kind: .removed, stars: nil, changedAt: .now)
        )
    }

    /// Takes the film off the watchlist and, for study participants, records the viewing
    /// session that the sleep study pairs with HealthKit data.
    func markWatched(_ film: Film) {
        let end = Date()
        do {
            let store = try DatabaseStore.open()
            try store.removeFromWatchlist(filmID: film.id)
            if StudyUploader.shared.isEnrolled {
                let start = end.addingTimeInterval(-Double(film.runtimeMinutes) * 60)
                try store.recordWatchSession(WatchSession(filmID: film.id, startedAt: start, endedAt: end))
            }
        } catch {
            errorMessage = error.localizedDescription
            return
        }
        watchlist.removeAll { $0.id == film.id }
        WatchlistUploader.shared.enqueue(
            WatchlistChange(filmID: film.id, kind: .watched, stars: nil, changedAt: end)
        )
    }
}
