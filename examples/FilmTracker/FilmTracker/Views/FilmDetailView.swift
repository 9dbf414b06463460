import SwiftUI

struct FilmDetailView: View {
    let film: Film

    @EnvironmentObject private var library: LibraryModel
    @Environment(\.dismiss) private var dismiss
    @State private var poster: UIImage?
    @State private var stills: [UIImage] = []
    @State private var showtimes: [Showtime] = []
    @State private var stars = 0
    @State private var note = ""
    @State private var stillsRequested = false

    var body: some View {
        Form {
            Section {
                HStack(alignment: .top, spacing: 16) {
                    PosterView(image: poster, width: 100)
                    VStack(alignment: .leading, spacing: 6) {
                        Text(film.title)
                            .font(.title2.bold())
                        Text(verbatim: "\(film.releaseYear) · \(film.runtimeMinutes) min")
                            .foregroundStyle(.secondary)
                    }
                }
            }

            Section("Showtimes") {
                if showtimes.isEmpty {
                    Text("No upcoming showtimes at your cinemas.")
                        .foregroundStyle(.secondary)
                }
                ForEach(showtimes) { showtime in
                    ShowtimeRow(showtime: showtime)
                }
            }

            Section("Trailer stills") {
                if stills.isEmpty {
                    Button(stillsRequested ? "Stills will be ready after the next charge" : "Prepare stills overnight") {
                        ThumbnailRenderer.shared.scheduleIfNeeded()
                        stillsRequested = true
                    }
                    .disabled(stillsRequested)
                } else {
                    ScrollView(.horizontal, showsIndicators: false) {
                        HStack(spacing: 8) {
                            ForEach(stills.indices, id: \.self) { index in
                                Image(uiImage: stills[index])
                                    .resizable()
                                    .scaledToFit()
                                    .frame(height: 90)
                                    .clipShape(RoundedRectangle(cornerRadius: 6))
                            }
                        }
                    }
                }
            }

            Section("Your rating") {
                Picker("Stars", selection: $stars) {
                    Text("Not rated").tag(0)
                    ForEach(1...5, id: \.self) { value in
                        Text(String(repeating: "★", count: value)).tag(value)
                    }
                }
                TextField("Note", text: $note, axis: .vertical)
                Button("Save Rating") {
                    library.rate(film, stars: stars, note: note)
                }
                .disabled(stars == 0)
            }

            Section {
                Button("Mark as Watched") {
                    library.markWatched(film)
                    dismiss()
                }
            }
        }
        .navigationTitle(film.title)
        .navigationBarTitleDisplayMode(.inline)
        .onAppear {
            // The render task needs its launch handler before a render can be requested.
            ThumbnailRenderer.shared.registerBackgroundTask()
        }
        .task {
            if let rating = library.ratings[film.id] {
                stars = rating.stars
                note = rating.note
            }
            showtimes = library.showtimes(for: film)
            stills = ThumbnailRenderer.shared.stills(forFilm: film.id)
            poster = await PosterCache.shared.image(for: film)
        }
    }
}

struct ShowtimeRow: View {
    let showtime: Showtime

    var body: some View {
        HStack {
            VStack(alignment: .leading) {
                Text(showtime.startsAt, format: .dateTime.weekday(.abbreviated).hour().minute())
                Text(showtime.cinemaName)
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
            }
            Spacer()
            if let ticketURL = showtime.ticketURL {
                Link("Tickets", destination: ticketURL)
                    .buttonStyle(.bordered)
            }
        }
    }
}
