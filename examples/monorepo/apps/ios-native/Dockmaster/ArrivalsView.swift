import SwiftUI

struct ArrivalsView: View {
    let store: ArrivalsStore

    var body: some View {
        NavigationStack {
            List {
                if let error = store.lastError {
                    Label(error, systemImage: "exclamationmark.triangle")
                        .foregroundStyle(.orange)
                }
                ForEach(store.arrivals.sorted { $0.eta < $1.eta }) { arrival in
                    HStack {
                        VStack(alignment: .leading) {
                            Text(arrival.vesselName).font(.headline)
                            Text("\(arrival.skipper) · \(arrival.lengthMeters, format: .number.precision(.fractionLength(1))) m")
                                .foregroundStyle(.secondary)
                        }
                        Spacer()
                        VStack(alignment: .trailing) {
                            Text("Berth \(arrival.berth)")
                            Text(arrival.eta, style: .time).foregroundStyle(.secondary)
                        }
                    }
                }
            }
            .overlay {
                if store.arrivals.isEmpty && !store.isLoading {
                    ContentUnavailableView("No arrivals today", systemImage: "sailboat")
                }
            }
            .navigationTitle("Arrivals")
            .refreshable { await store.reload() }
            .task { await store.reload() }
        }
    }
}
