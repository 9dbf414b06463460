import Foundation
import SQLite3

enum DatabaseError: LocalizedError {
    case open(String)
    case statement(String)

    var errorDescription: String? {
        switch self {
        case .open(let message):
            return "Could not open the library database: \(message)"
        case .statement(let message):
            return "Database error: \(message)"
        }
    }
}

/// The app's local SQLite database: films, the watchlist, showtimes, ratings and the viewing
/// sessions used by the sleep study. Each instance owns one connection; code running on another
/// thread or in a background task opens its own.
final class DatabaseStore {
    private enum Value {
        case int(Int)
        case double(Double)
        case text(String)
        case null
    }

    private static let schemaVersion: Int32 = 2
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static var fileURL: URL {
        URL.applicationSupportDirectory.appending(path: "FilmTracker.sqlite")
    }

    private let db: OpaquePointer

    private init(handle: OpaquePointer) {
        db = handle
    }

    deinit {
        sqlite3_close(db)
    }

    /// Opens (and if needed creates) the database. The file is readable after the first unlock
    /// so that overnight background tasks can use it while the phone is locked.
    static func open() throws -> DatabaseStore {
        let url = fileURL
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )

        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(url.path(percentEncoded: false), &handle, flags, nil) == SQLITE_OK,
              let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw DatabaseError.open(message)
        }

        try FileManager.default.setAttributes(
            [.protectionKey: FileProtectionType.completeUntilFirstUserAuthentication],
            ofItemAtPath: url.path(percentEncoded: false)
        )

        let store = DatabaseStore(handle: handle)
        try store.migrate()
        return store
    }

    // MARK: - Films and watchlist

    func watchlist() throws -> [Film] {
        try query("""
            SELECT f.id, f.title, f.release_year, f.runtime_minutes, f.poster_url, f.trailer_url
            FROM films f JOIN watchlist w ON w.film_id = f.id
            ORDER BY w.added_at DESC
            """) { statement in
            Film(
                id: Self.int(statement, 0),
                title: Self.text(statement, 1) ?? "",
                releaseYear: Self.int(statement, 2),
                runtimeMinutes: Self.int(statement, 3),
                posterURL: Self.text(statement, 4).flatMap(URL.init(string:)),
                trailerURL: Self.text(statement, 5).flatMap(URL.init(string:))
            )
        }
    }

    /// Makes the local watchlist match the server's: upserts the films and replaces the list.
    func replaceWatchlist(with films: [Film]) throws {
        try transaction {
            try execute("DELETE FROM watchlist")
            let now = Date().timeIntervalSince1970
            for (position, film) in films.enumerated() {
                try run("""
                    INSERT INTO films (id, title, release_year, runtime_minutes, poster_url, trailer_url)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET
                        title = excluded.title,
                        release_year = excluded.release_year,
                        runtime_minutes = excluded.runtime_minutes,
                        poster_url = excluded.poster_url,
                        trailer_url = excluded.trailer_url
                    """, [
                        .int(film.id), .text(film.title), .int(film.releaseYear), .int(film.runtimeMinutes),
                        film.posterURL.map { Value.text($0.absoluteString) } ?? .null,
                        film.trailerURL.map { Value.text($0.absoluteString) } ?? .null,
                    ])
                // The server sends newest first; keep that order through added_at.
                try run("INSERT INTO watchlist (film_id, added_at) VALUES (?, ?)",
                        [.int(film.id), .double(now - Double(position))])
            }
        }
    }

    func removeFromWatchlist(filmID: Int) throws {
        try run("DELETE FROM watchlist WHERE film_id = ?", [.int(filmID)])
    }

    // MARK: - Showtimes

    func replaceShowtimes(_ showtimes: [Showtime], for filmIDs: [Int]) throws {
        try transaction {
            for filmID in filmIDs {
                try run("DELETE FROM showtimes WHERE film_id = ?", [.int(filmID)])
            }
            for showtime in showtimes {
                try run("""
                    INSERT OR REPLACE INTO showtimes (id, film_id, cinema_name, starts_at, ticket_url)
                    VALUES (?, ?, ?, ?, ?)
                    """, [
                        .text(showtime.id), .int(showtime.filmID), .text(showtime.cinemaName),
                        .double(showtime.startsAt.timeIntervalSince1970),
                        showtime.ticketURL.map { Value.text($0.absoluteString) } ?? .null,
                    ])
            }
        }
    }

    func showtimes(forFilm filmID: Int, after date: Date) throws -> [Showtime] {
        try query("""
            SELECT id, film_id, cinema_name, starts_at, ticket_url FROM showtimes
            WHERE film_id = ? AND starts_at >= ?
            ORDER BY starts_at
            """, [.int(filmID), .double(date.timeIntervalSince1970)]) { statement in
            Showtime(
                id: Self.text(statement, 0) ?? "",
                filmID: Self.int(statement, 1),
                cinemaName: Self.text(statement, 2) ?? "",
                startsAt: Date(timeIntervalSince1970: sqlite3_column_double(statement, 3)),
                ticketURL: Self.text(statement, 4).flatMap(URL.init(string:))
            )
        }
    }

    // MARK: - Ratings

    func ratings() throws -> [Rating] {
        try query("SELECT film_id, stars, note, rated_at FROM ratings") { statement in
            Self.rating(statement, from: 0)
        }
    }

    func ratedFilms() throws -> [RatedFilm] {
        try query("""
            SELECT f.title, f.release_year, r.film_id, r.stars, r.note, r.rated_at
            FROM ratings r JOIN films f ON f.id = r.film_id
            ORDER BY r.rated_at DESC
            """) { statement in
            RatedFilm(
                title: Self.text(statement, 0) ?? "",
                releaseYear: Self.int(statement, 1),
                rating: Self.rating(statement, from: 2)
            )
        }
    }

    func saveRating(_ rating: Rating) throws {
        try run("""
            INSERT OR REPLACE INTO ratings (film_id, stars, note, rated_at) VALUES (?, ?, ?, ?)
            """, [.int(rating.filmID), .int(rating.stars), .text(rating.note),
                  .double(rating.ratedAt.timeIntervalSince1970)])
    }

    // MARK: - Viewing sessions

    func recordWatchSession(_ session: WatchSession) throws {
        try run("INSERT INTO watch_sessions (film_id, started_at, ended_at) VALUES (?, ?, ?)",
                [.int(session.filmID), .double(session.startedAt.timeIntervalSince1970),
                 .double(session.endedAt.timeIntervalSince1970)])
    }

    func watchSessions(endingAfter date: Date) throws -> [WatchSession] {
        try query("""
            SELECT film_id, started_at, ended_at FROM watch_sessions
            WHERE ended_at > ? ORDER BY ended_at
            """, [.double(date.timeIntervalSince1970)]) { statement in
            WatchSession(
                filmID: Self.int(statement, 0),
                startedAt: Date(timeIntervalSince1970: sqlite3_column_double(statement, 1)),
                endedAt: Date(timeIntervalSince1970: sqlite3_column_double(statement, 2))
            )
        }
    }

    // MARK: - Maintenance

    /// Returns the number of rows removed.
    func deleteShowtimes(startingBefore date: Date) throws -> Int {
        try run("DELETE FROM showtimes WHERE starts_at < ?", [.double(date.timeIntervalSince1970)])
        return Int(sqlite3_changes(db))
    }

    /// Returns the number of rows removed.
    func deleteWatchSessions(endingBefore date: Date) throws -> Int {
        try run("DELETE FROM watch_sessions WHERE ended_at < ?", [.double(date.timeIntervalSince1970)])
        return Int(sqlite3_changes(db))
    }

    /// Films that are neither on the watchlist nor rated. Returns the number of rows removed.
    func deleteUnreferencedFilms() throws -> Int {
        try execute("""
            DELETE FROM films
            WHERE id NOT IN (SELECT film_id FROM watchlist)
              AND id NOT IN (SELECT film_id FROM ratings)
            """)
        return Int(sqlite3_changes(db))
    }

    /// Rebuilds the file to give back the space freed by deletions. Slow on big databases.
    func vacuum() throws {
        try execute("VACUUM")
    }

    // MARK: - SQLite plumbing

    private func migrate() throws {
        var version: Int32 = 0
        _ = try query("PRAGMA user_version") { statement in
            version = sqlite3_column_int(statement, 0)
        }
        guard version < Self.schemaVersion else { return }

        try execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS films (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL,
                release_year INTEGER NOT NULL,
                runtime_minutes INTEGER NOT NULL,
                poster_url TEXT,
                trailer_url TEXT
            );
            CREATE TABLE IF NOT EXISTS watchlist (
                film_id INTEGER PRIMARY KEY,
                added_at REAL NOT NULL
            );
            CREATE TABLE IF NOT EXISTS showtimes (
                id TEXT PRIMARY KEY,
                film_id INTEGER NOT NULL,
                cinema_name TEXT NOT NULL,
                starts_at REAL NOT NULL,
                ticket_url TEXT
            );
            CREATE INDEX IF NOT EXISTS showtimes_by_film ON showtimes (film_id, starts_at);
            CREATE TABLE IF NOT EXISTS ratings (
                film_id INTEGER PRIMARY KEY,
                stars INTEGER NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                rated_at REAL NOT NULL
            );
            CREATE TABLE IF NOT EXISTS watch_sessions (
                film_id INTEGER NOT NULL,
                started_at REAL NOT NULL,
                ended_at REAL NOT NULL
            );
            CREATE INDEX IF NOT EXISTS watch_sessions_by_end ON watch_sessions (ended_at);
            PRAGMA user_version = \(Self.schemaVersion);
            """)
    }

    private func transaction(_ body: () throws -> Void) throws {
        try execute("BEGIN IMMEDIATE")
        do {
            try body()
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw DatabaseError.statement(text)
        }
    }

    /// Runs a statement that returns no rows.
    private func run(_ sql: String, _ values: [Value] = []) throws {
        let statement = try prepare(sql, values)
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw DatabaseError.statement(String(cString: sqlite3_errmsg(db)))
        }
    }

    /// Runs a query and maps every row.
    private func query<Row>(
        _ sql: String,
        _ values: [Value] = [],
        row: (OpaquePointer) throws -> Row
    ) throws -> [Row] {
        let statement = try prepare(sql, values)
        defer { sqlite3_finalize(statement) }
        var rows: [Row] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                rows.append(try row(statement))
            case SQLITE_DONE:
                return rows
            default:
                throw DatabaseError.statement(String(cString: sqlite3_errmsg(db)))
            }
        }
    }

    private func prepare(_ sql: String, _ values: [Value]) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw DatabaseError.statement(String(cString: sqlite3_errmsg(db)))
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .int(let number):
                sqlite3_bind_int64(statement, index, Int64(number))
            case .double(let number):
                sqlite3_bind_double(statement, index, number)
            case .text(let string):
                sqlite3_bind_text(statement, index, string, -1, Self.transient)
            case .null:
                sqlite3_bind_null(statement, index)
            }
        }
        return statement
    }

    private static func int(_ statement: OpaquePointer, _ column: Int32) -> Int {
        Int(sqlite3_column_int64(statement, column))
    }

    private static func text(_ statement: OpaquePointer, _ column: Int32) -> String? {
        guard let raw = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: raw)
    }

    private static func rating(_ statement: OpaquePointer, from column: Int32) -> Rating {
        Rating(
            filmID: int(statement, column),
            stars: int(statement, column + 1),
            note: text(statement, column + 2) ?? "",
            ratedAt: Date(timeIntervalSince1970: sqlite3_column_double(statement, column + 3))
        )
    }
}
