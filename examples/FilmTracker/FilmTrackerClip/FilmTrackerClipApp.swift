import SwiftUI
import StoreKit

/// The App Clip opens from the QR codes on cinema posters: it shows the next screenings of one
/// film at one cinema, with a link to buy tickets and a prompt to get the full app.
@main
struct FilmTrackerClipApp: App {
    @State private var invocation: ClipInvocation?

    var body: some Scene {
        WindowGroup {
            ShowtimesCard(invocation: invocation)
                .onContinueUserActivity(NSUserActivityTypeBrowsingWeb) { activity in
                    guard let url = activity.webpageURL else { return }
                    invocation = ClipInvocation(url: url)
                }
        }
    }
}

/// Parsed from an invocation URL such as
/// `https://filmtracker.example.com/clip?film=603&cinema=prince-charles`.
struct ClipInvocation: Equatable {
    let filmID: Int
    let cinemaID: String

    init?(url: URL) {
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        guard let film = items.first(where: { $0.name == "film" })?.value.flatMap(Int.init),
              let cinema = items.first(where: { $0.name == "cinema" })?.value else { return nil }
        filmID = film
        cinemaID = cinema
    }
}

struct ClipShowtimes: Decodable {
    struct Screening: Decodable, Identifiable {
        let id: String
        let startsAt: Date
        let screen: String
        let ticketUrl: URL?
    }

    let filmTitle: String
    let cinemaName: String
    let screenings: [Screening]
}

struct ShowtimesCard: View {
    let invocation: ClipInvocation?

    @State private var showtimes: ClipShowtimes?
    @State private var failed = false
    @State private var showsAppOverlay = false

    var body: some View {
        NavigationStack {
            Group {
                if let showtimes {
                    List {
                        Section(showtimes.cinemaName) {
                            ForEach(showtimes.screenings) { screening in
                                HStack {
                                    VStack(alignment: .leading) {
                                        Text(screening.startsAt, format: .dateTime.weekday(.wide).hour().minute())
                                        Text(screening.screen)
                                            .font(.subheadline)
                                            .foregroundStyle(.secondary)
                                    }
                                    Spacer()
                                    if let ticketURL = screening.ticketUrl {
                                        Link("Tickets", destination: ticketURL)
                                            .buttonStyle(.borderedProminent)
                                    }
                                }
                            }
                        }
                    }
                    .navigationTitle(showtimes.filmTitle)
                } else if failed {
                    ContentUnavailableView(
                        "Showtimes unavailable",
                        systemImage: "wifi.exclamationmark",
                        description: Text("Check your connection and scan the code again.")
                    )
                } else {
                    ProgressView()
                }
            }
        }
        .task(id: invocation) {
            await load()
        }
        .appStoreOverlay(isPresented: $showsAppOverlay) {
            SKOverlay.AppClipConfiguration(position: .bottom)
        }
    }

    private func load() async {
        guard let invocation else { return }
        var url = URL(string: "https://api.filmtracker.example.com/v2/clip/showtimes")!
        url.append(queryItems: [
            URLQueryItem(name: "film", value: String(invocation.filmID)),
            URLQueryItem(name: "cinema", value: invocation.cinemaID),
        ])
        do {
            let (data, _) = try await URLSession.shared.data(from: url)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            decoder.dateDecodingStrategy = .iso8601
            showtimes = try decoder.decode(ClipShowtimes.self, from: data)
            showsAppOverlay = true
        } catch {
            failed = true
        }
    }
}
