import SwiftUI

struct SettingsView: View {
    private enum ExportState: Equatable {
        case idle
        case runningInBackground
        case runningHere
        case finished(URL)
        case failed(String)
    }

    @EnvironmentObject private var library: LibraryModel
    @State private var isEnrolled = StudyUploader.shared.isEnrolled
    @State private var enrollmentError: String?
    @State private var exportState = ExportState.idle

    var body: some View {
        Form {
            Section {
                Toggle("Take Part in the Sleep Study", isOn: $isEnrolled)
                    .onChange(of: isEnrolled) { _, enrolled in
                        updateEnrollment(enrolled)
                    }
                if let enrollmentError {
                    Text(enrollmentError)
                        .font(.footnote)
                        .foregroundStyle(.red)
                }
            } header: {
                Text("Research")
            } footer: {
                Text("Shares when your evening films end and when you fall asleep, from Health, with the FilmTracker sleep study. Film titles are never shared. You can leave at any time.")
            }

            Section {
                Button("Export Library") {
                    exportLibrary()
                }
                .disabled(exportState == .runningHere || exportState == .runningInBackground)
                exportStatus
            } header: {
                Text("Export")
            } footer: {
                Text("Creates a zip file with your watchlist, ratings and posters in the FilmTracker folder in Files.")
            }

            Section("Backup") {
                LabeledContent("Ratings.csv", value: lastRatingsBackup)
                if let lastSync = SyncManager.shared.lastSuccessfulSync {
                    LabeledContent("Last sync", value: lastSync.formatted(.relative(presentation: .named)))
                }
            }
        }
        .navigationTitle("Settings")
    }

    @ViewBuilder
    private var exportStatus: some View {
        switch exportState {
        case .idle:
            EmptyView()
        case .runningInBackground:
            Label("Exporting. You can leave the app; progress shows on the Lock Screen.", systemImage: "arrow.down.doc")
                .font(.footnote)
        case .runningHere:
            ProgressView("Exporting…")
        case .finished(let url):
            ShareLink(item: url) {
                Label(url.lastPathComponent, systemImage: "doc.zipper")
            }
        case .failed(let message):
            Text(message)
                .font(.footnote)
                .foregroundStyle(.red)
        }
    }

    private var lastRatingsBackup: String {
        let values = try? RatingsExporter.exportURL.resourceValues(forKeys: [.contentModificationDateKey])
        guard let date = values?.contentModificationDate else { return "Not yet" }
        return date.formatted(.relative(presentation: .named))
    }

    private func updateEnrollment(_ enrolled: Bool) {
        enrollmentError = nil
        guard enrolled else {
            StudyUploader.shared.withdraw()
            return
        }
        Task {
            do {
                try await StudyUploader.shared.enroll()
            } catch {
                enrollmentError = error.localizedDescription
                isEnrolled = false
            }
        }
    }

    private func exportLibrary() {
        #if compiler(>=6.2)
        if #available(iOS 26.0, *) {
            do {
                try LibraryExportSession.start(films: library.watchlist, ratings: library.allRatings)
                exportState = .runningInBackground
                return
            } catch {
                // The system can't start it right now; export while the user waits instead.
            }
        }
        #endif
        exportInForeground()
    }

    private func exportInForeground() {
        exportState = .runningHere
        let films = library.watchlist
        let ratings = library.allRatings
        Task {
            do {
                let archive = try await LibraryArchiver.write(films: films, ratings: ratings) { _ in }
                exportState = .finished(archive)
            } catch {
                exportState = .failed(error.localizedDescription)
            }
        }
    }
}
