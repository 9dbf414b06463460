import Foundation

enum CatalogError: LocalizedError {
    case invalidResponse
    case http(status: Int)

    var errorDescription: String? {
        switch self {
        case .invalidResponse:
            return "The server sent a response FilmTracker could not read."
        case .http(let status):
            return "The server answered with status \(status)."
        }
    }
}

/// Client for the FilmTracker backend. All methods are safe to call from any thread.
final class CatalogClient {
    static let shared = CatalogClient()

    private let baseURL = URL(string: "https://api.filmtracker.example.com/v2/")!
    private let session: URLSession
    private let decoder: JSONDecoder
    private let encoder: JSONEncoder

    init(session: URLSession = .shared) {
        self.session = session

        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        self.decoder = decoder

        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        self.encoder = encoder
    }

    // MARK: - Library

    /// The films on the signed-in user's watchlist, newest first.
    func watchlist() async throws -> [Film] {
        try await get("me/watchlist")
    }

    /// Upcoming showtimes for the given films at the user's saved cinemas.
    func showtimes(for filmIDs: [Int]) async throws -> [Showtime] {
        guard !filmIDs.isEmpty else { return [] }
        let ids = filmIDs.map(String.init).joined(separator: ",")
        return try await get("showtimes", query: [URLQueryItem(name: "films", value: ids)])
    }

    /// Trailer files available for offline viewing.
    func trailerManifest(for filmIDs: [Int]) async throws -> [TrailerAsset] {
        guard !filmIDs.isEmpty else { return [] }
        let ids = filmIDs.map(String.init).joined(separator: ",")
        return try await get("trailers", query: [URLQueryItem(name: "films", value: ids)])
    }

    /// Sends queued watchlist edits and ratings in one batch.
    func upload(_ changes: [WatchlistChange]) async throws {
        var request = URLRequest(url: baseURL.appending(path: "me/changes"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try encoder.encode(changes)
        let (_, response) = try await session.data(for: request)
        try Self.validate(response)
    }

    // MARK: - Sleep study

    /// Builds the upload request for one batch of study nights. The study uploader sends it
    /// itself because it runs inside an `Operation`.
    func studyUploadRequest(participantID: UUID, nights: [StudyNight]) throws -> URLRequest {
        var request = URLRequest(url: baseURL.appending(path: "studies/screen-time-sleep/batches"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(participantID.uuidString, forHTTPHeaderField: "X-Participant-ID")
        request.httpBody = try encoder.encode(nights)
        return request
    }

    // MARK: - Helpers

    static func validate(_ response: URLResponse) throws {
        guard let http = response as? HTTPURLResponse else {
            throw CatalogError.invalidResponse
        }
        guard (200..<300).contains(http.statusCode) else {
            throw CatalogError.http(status: http.statusCode)
        }
    }

    private func get<T: Decodable>(_ path: String, query: [URLQueryItem] = []) async throws -> T {
        var url = baseURL.appending(path: path)
        if !query.isEmpty {
            url.append(queryItems: query)
        }
        let (data, response) = try await session.data(from: url)
        try Self.validate(response)
        return try decoder.decode(T.self, from: data)
    }
}
