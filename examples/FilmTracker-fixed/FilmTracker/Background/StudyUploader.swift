import Foundation
import BackgroundTasks
import HealthKit
import os

/// One night in the "screen time before sleep" study: when the last film of the evening ended
/// and when the participant fell asleep. No titles leave the device.
struct StudyNight: Codable, Hashable {
    let night: Date
    let lastFilmEndedAt: Date
    let sleepOnsetAt: Date

    var minutesBeforeSleep: Int {
        Int(sleepOnsetAt.timeIntervalSince(lastFilmEndedAt) / 60)
    }
}

/// Sends the study data set once a day for participants who opted in under Settings. Runs as a
/// health research task, which needs the `com.apple.developer.backgroundtasks.healthresearch`
/// entitlement.
final class StudyUploader {
    static let shared = StudyUploader()

    static let logger = Logger(subsystem: "com.example.filmtracker", category: "Study")

    private static let enrollmentKey = "studyEnrolled"
    private static let participantKey = "studyParticipantID"
    private static let lastUploadKey = "studyLastUpload"

    private let healthStore = HKHealthStore()
    private let queue: OperationQueue = {
        let queue = OperationQueue()
        queue.name = "com.example.filmtracker.study-upload"
        queue.maxConcurrentOperationCount = 1
        queue.qualityOfService = .utility
        return queue
    }()

    var isEnrolled: Bool {
        UserDefaults.standard.bool(forKey: Self.enrollmentKey)
    }

    /// A random id, created on enrollment; the study never sees the user's account.
    static var participantID: UUID {
        if let stored = UserDefaults.standard.string(forKey: participantKey), let id = UUID(uuidString: stored) {
            return id
        }
        let id = UUID()
        UserDefaults.standard.set(id.uuidString, forKey: participantKey)
        return id
    }

    static var lastUploadDate: Date {
        get {
            UserDefaults.standard.object(forKey: lastUploadKey) as? Date
                ?? Date(timeIntervalSinceNow: -7 * 24 * 60 * 60)
        }
        set {
            UserDefaults.standard.set(newValue, forKey: lastUploadKey)
        }
    }

    func enroll() async throws {
        guard HKHealthStore.isHealthDataAvailable() else {
            throw HKError(.errorHealthDataUnavailable)
        }
        try await healthStore.requestAuthorization(toShare: [], read: [HKCategoryType(.sleepAnalysis)])
        UserDefaults.standard.set(true, forKey: Self.enrollmentKey)
        scheduleNextUpload()
    }

    func withdraw() {
        UserDefaults.standard.set(false, forKey: Self.enrollmentKey)
        UserDefaults.standard.removeObject(forKey: Self.participantKey)
        BGTaskScheduler.shared.cancel(taskRequestWithIdentifier: TaskIdentifier.healthStudy.rawValue)
    }

    func scheduleNextUpload() {
        guard isEnrolled else { return }
        let request = BGHealthResearchTaskRequest(identifier: TaskIdentifier.healthStudy.rawValue)
        // HealthKit can only be read while the device is unlocked.
        request.protectionTypeOfRequiredData = FileProtectionType.complete.rawValue as NSString
        request.requiresNetworkConnectivity = true
        request.earliestBeginDate = Date(timeIntervalSinceNow: 20 * 60 * 60)
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            Self.logger.error("Could not schedule study upload: \(error.localizedDescription, privacy: .public)")
        }
    }

    /// Launch handler for the study upload.
    func handle(task: BGHealthResearchTask) {
        scheduleNextUpload()

        let operation = StudyUploadOperation(healthStore: healthStore, since: Self.lastUploadDate)
        operation.completionBlock = {
            task.setTaskCompleted(success: !operation.isCancelled)
        }
        task.expirationHandler = {
            // The operation may be blocked on HealthKit or the network, so don't wait for it to
            // notice; completing twice is harmless.
            operation.cancel()
            task.setTaskCompleted(success: false)
        }
        queue.addOperation(operation)
    }
}

/// Collects the nights since the last upload and posts them. A failed upload leaves the last
/// upload date alone, so the next run sends those nights again.
final class StudyUploadOperation: Operation {
    private let healthStore: HKHealthStore
    private let since: Date
    private let client: CatalogClient

    init(healthStore: HKHealthStore, since: Date, client: CatalogClient = .shared) {
        self.healthStore = healthStore
        self.since = since
        self.client = client
        super.init()
    }

    override func main() {
        guard !isCancelled else { return }
        let end = Date()

        let sessions: [WatchSession]
        do {
            sessions = try DatabaseStore.open().watchSessions(endingAfter: since)
        } catch {
            StudyUploader.logger.error("Could not read viewing sessions: \(error.localizedDescription, privacy: .public)")
            return
        }

        guard !isCancelled, let onsets = fetchSleepOnsets(from: since, to: end) else { return }
        let nights = Self.pair(sessions: sessions, sleepOnsets: onsets)
        guard !nights.isEmpty, !isCancelled else { return }

        if upload(nights) {
            StudyUploader.lastUploadDate = end
            StudyUploader.logger.info("Uploaded \(nights.count) study nights")
        }
    }

    /// For every sleep onset, the latest film that ended in the six hours before it.
    static func pair(sessions: [WatchSession], sleepOnsets: [Date]) -> [StudyNight] {
        let calendar = Calendar.current
        return sleepOnsets.compactMap { onset in
            let window = onset.addingTimeInterval(-6 * 60 * 60)...onset
            guard let last = sessions.last(where: { window.contains($0.endedAt) }) else { return nil }
            let night = calendar.startOfDay(for: onset.addingTimeInterval(-12 * 60 * 60))
            return StudyNight(night: night, lastFilmEndedAt: last.endedAt, sleepOnsetAt: onset)
        }
    }

    /// The first "asleep" sample of each night.
    static func sleepOnsets(in samples: [HKCategorySample]) -> [Date] {
        let calendar = Calendar.current
        var earliestByNight: [Date: Date] = [:]
        for sample in samples {
            guard let value = HKCategoryValueSleepAnalysis(rawValue: sample.value),
                  HKCategoryValueSleepAnalysis.allAsleepValues.contains(value) else { continue }
            // Anything before noon belongs to the previous evening.
            let night = calendar.startOfDay(for: sample.startDate.addingTimeInterval(-12 * 60 * 60))
            if let earliest = earliestByNight[night], earliest <= sample.startDate { continue }
            earliestByNight[night] = sample.startDate
        }
        return earliestByNight.values.sorted()
    }

    private func fetchSleepOnsets(from start: Date, to end: Date) -> [Date]? {
        let predicate = HKQuery.predicateForSamples(withStart: start, end: end, options: .strictStartDate)
        let byStart = NSSortDescriptor(key: HKSampleSortIdentifierStartDate, ascending: true)
        let result = CallbackResult<[Date]>()
        let done = DispatchSemaphore(value: 0)

        let query = HKSampleQuery(
            sampleType: HKCategoryType(.sleepAnalysis),
            predicate: predicate,
            limit: HKObjectQueryNoLimit,
            sortDescriptors: [byStart]
        ) { _, samples, error in
            if let error {
                StudyUploader.logger.error("Sleep query failed: \(error.localizedDescription, privacy: .public)")
            } else if let samples = samples as? [HKCategorySample] {
                result.value = Self.sleepOnsets(in: samples)
            }
            done.signal()
        }
        healthStore.execute(query)
        done.wait()
        return result.value
    }

    private func upload(_ nights: [StudyNight]) -> Bool {
        let request: URLRequest
        do {
            request = try client.studyUploadRequest(participantID: StudyUploader.participantID, nights: nights)
        } catch {
            return false
        }

        let result = CallbackResult<Bool>()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, response, error in
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            result.value = error == nil && (200..<300).contains(status)
            done.signal()
        }.resume()
        done.wait()
        return result.value ?? false
    }
}

/// Carries a value out of a callback while the operation's thread waits on a semaphore.
private final class CallbackResult<Value> {
    var value: Value?
}
