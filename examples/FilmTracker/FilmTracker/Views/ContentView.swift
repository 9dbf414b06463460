import SwiftUI

struct ContentView: View {
    var body: some View {
        TabView {
            NavigationStack {
                WatchlistView()
            }
            .tabItem { Label("Watchlist", systemImage: "film.stack") }

            NavigationStack {
                SettingsView()
            }
            .tabItem { Label("Settings", systemImage: "gearshape") }
        }
    }
}

struct WatchlistView: View {
    @EnvironmentObject private var library: LibraryModel

    var body: some View {
        List {
            if let message = library.errorMessage {
                Text(message)
                    .font(.footnote)
                    .foregroundStyle(.red)
            }
            ForEach(library.watchlist) { film in
                NavigationLink(value: film) {
                    FilmRow(film: film, rating: library.ratings[film.id])
                }
            }
            .onDelete { offsets in
                let films = offsets.map { library.watchlist[$0] }
                films.forEach { library.remove($0) }
            }
        }
        .overlay {
            if library.watchlist.isEmpty {
                ContentUnavailableView(
                    "Your watchlist is empty",
                    systemImage: "popcorn",
                    description: Text("Films you add on filmtracker.example.com show up here.")
                )
            }
        }
        .navigationTitle("Watchlist")
        .navigationDestination(for: Film.self) { film in
            FilmDetailView(film: film)
        }
        .refreshable {
            await SyncManager.shared.refreshLibrary()
            library.reload()
        }
    }
}

struct FilmRow: View {
    let film: Film
    let rating: Rating?
    @State private var poster: UIImage?

    var body: some View {
        HStack(spacing: 12) {
            PosterView(image: poster, width: 44)
            VStack(alignment: .leading, spacing: 4) {
                Text(film.title)
                    .font(.headline)
                Text(verbatim: "\(film.releaseYear) · \(film.runtimeMinutes) min")
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
                if let rating {
                    StarsView(stars: rating.stars)
                }
            }
        }
        .task(id: film.id) {
            poster = await PosterCache.shared.image(for: film)
        }
    }
}

struct PosterView: View {
    let image: UIImage?
    let width: CGFloat

    var body: some View {
        Group {
            if let image {
                Image(uiImage: image)
                    .resizable()
                    .scaledToFill()
            } else {
                Rectangle()
                    .fill(.quaternary)
                    .overlay {
                        Image(systemName: "film")
                            .foregroundStyle(.secondary)
                    }
            }
        }
        .frame(width: width, height: width * 1.5)
        .clipShape(RoundedRectangle(cornerRadius: width / 10))
        .accessibilityHidden(true)
    }
}

struct StarsView: View {
    let stars: Int

    var body: some View {
        HStack(spacing: 2) {
            ForEach(1...5, id: \.self) { index in
                Image(systemName: index <= stars ? "star.fill" : "star")
            }
        }
        .font(.caption)
        .foregroundStyle(.yellow)
        .accessibilityElement(children: .ignore)
        .accessibilityLabel("\(stars) out of 5 stars")
    }
}
