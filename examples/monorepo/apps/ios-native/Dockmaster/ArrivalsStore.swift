import Foundation
import Observation

struct Arrival: Codable, Identifiable, Hashable {
    let id: String
    let vesselName: String
    let skipper: String
    let berth: String
    let eta: Date
    let lengthMeters: Double
}

/// The harbor office API.
final class HarborAPI: Sendable {
    static let shared = HarborAPI()

    private let baseURL = URL(string: "https://api.harbor.example.com/v1/office")!

    func todaysArrivals() async throws -> [Arrival] {
        var request = URLRequest(url: baseURL.appendingPathComponent("arrivals/today"))
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            throw URLError(.badServerResponse)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode([Arrival].self, from: data)
    }
}

/// The last arrivals list fetched, in the app's caches folder, so the background refresh and the
/// UI share it.
enum ArrivalsCache {
    private static var fileURL: URL {
        FileManager.default.urls(for: .cachesDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("arrivals.json")
    }

    static func save(_ arrivals: [Arrival]) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(arrivals).write(to: fileURL, options: .atomic)
    }

    static func load() -> [Arrival] {
        guard let data = try? Data(contentsOf: fileURL) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? decoder.decode([Arrival].self, from: data)) ?? []
    }
}

@Observable
final class ArrivalsStore {
    private(set) var arrivals: [Arrival] = ArrivalsCache.load()
    private(set) var lastError: String?
    private(set) var isLoading = false

    @MainActor
    func reload() async {
        isLoading = true
        defer { isLoading = false }
        do {
            let fresh = try await HarborAPI.shared.todaysArrivals()
            try ArrivalsCache.save(fresh)
            arrivals = fresh
            lastError = nil
        } catch {
            lastError = error.localizedDescription
        }
    }
}
