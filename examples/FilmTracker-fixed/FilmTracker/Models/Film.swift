import Foundation

/// A film as the FilmTracker backend describes it.
struct Film: Identifiable, Codable, Hashable {
    let id: Int
    var title: String
    var releaseYear: Int
    var runtimeMinutes: Int
    var posterURL: URL?
    var trailerURL: URL?
}

/// One screening of a film at a cinema.
struct Showtime: Identifiable, Codable, Hashable {
    let id: String
    let filmID: Int
    let cinemaName: String
    let startsAt: Date
    let ticketURL: URL?
}

/// The user's own rating of a film, one per film.
struct Rating: Codable, Hashable {
    let filmID: Int
    var stars: Int
    var note: String
    var ratedAt: Date
}

/// A rating together with the film details the CSV export needs.
struct RatedFilm: Hashable {
    let title: String
    let releaseYear: Int
    let rating: Rating
}

/// An evening of watching, recorded when a film is marked as watched. The sleep study pairs
/// these with sleep data from HealthKit.
struct WatchSession: Codable, Hashable {
    let filmID: Int
    let startedAt: Date
    let endedAt: Date
}

/// A trailer file the backend offers for offline viewing.
struct TrailerAsset: Codable, Hashable {
    let filmID: Int
    let remoteURL: URL
    let byteCount: Int
}

/// A local edit that still has to reach the backend.
struct WatchlistChange: Codable, Hashable {
    enum Kind: String, Codable {
        case added
        case removed
        case watched
        case rated
    }

    let filmID: Int
    let kind: Kind
    let stars: Int?
    let changedAt: Date
}
