// Generates the name-collision workspace of issue 11: an iOS app of ~1,300 Swift files whose ordinary code looks like
// real app code around background work rather than like the unique-name filler of generate.mjs:
//   - many types declare `submit` / `schedule` / `register` / `start` / `refresh` / `handle` (and `scheduleRefresh`,
//     `sync`, `cancel`, `reload`) and call each other's, so "who declares X?" / "who calls X(?" have dozens of answers;
//   - types are extended in other files (`Type+Sync.swift`), so one type's methods are spread over files;
//   - ~12% of the files say BGTask / BGTaskScheduler / setTaskCompleted / expirationHandler in comments and strings,
//     so the byte prefilter lets them through;
//   - a dozen real BackgroundTasks files: registration at launch, a refresh handler that reschedules through
//     `scheduleRefresh()` → a private `submit(_ request:)` helper, a processing task, an extension in another file,
//     settings and debug screens, with three seeded mistakes (COLLISION_FINDINGS) the bench checks are still found.
// Deterministic (fixed seed), no dependencies.
//   node test/bench/generate-collisions.mjs <dir> [files=1300]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let seed = 1109;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const chance = (p) => rnd() < p;

const NOUNS = ['Episode', 'Podcast', 'Feed', 'Download', 'Playlist', 'Account', 'Session', 'Server', 'Profile', 'Order', 'Product', 'Review', 'Message', 'Channel', 'Upload', 'Token', 'Setting', 'Badge', 'Report', 'Coupon', 'Store', 'Network', 'Widget', 'Search', 'Filter', 'Queue', 'Cache', 'Sync', 'Backup', 'Notification'];
const KINDS = ['Manager', 'Service', 'Coordinator', 'Controller', 'Store', 'Client', 'Provider', 'Handler', 'Scheduler', 'Engine', 'ViewModel', 'View', 'Repository', 'Observer', 'Worker'];

// The colliding method names, how often a type declares one (per type), its declaration and a call to it.
const COMMON = [
  { name: 'submit', p: 0.03, decl: (n) => `func submit(_ request: ${n}Request)`, call: (n) => `submit(${n}Request(id: "${n.toLowerCase()}"))` },
  { name: 'schedule', p: 0.025, decl: () => 'func schedule(after delay: TimeInterval)', call: () => `schedule(after: ${pick([5, 30, 60, 900])})` },
  { name: 'register', p: 0.04, decl: () => 'func register(_ observer: AnyObject)', call: () => 'register(self)' },
  { name: 'start', p: 0.07, decl: () => 'func start()', call: () => 'start()' },
  { name: 'refresh', p: 0.05, decl: () => 'func refresh()', call: () => 'refresh()' },
  { name: 'handle', p: 0.055, decl: (n) => `func handle(_ event: ${n}Event)`, call: () => `handle(.${pick(['changed', 'failed', 'finished'])})` },
  { name: 'scheduleRefresh', p: 0.01, decl: () => 'func scheduleRefresh()', call: () => 'scheduleRefresh()' },
  { name: 'sync', p: 0.035, decl: () => 'func sync(completion: @escaping (Bool) -> Void)', call: () => 'sync { _ in }' },
  { name: 'cancel', p: 0.06, decl: () => 'func cancel()', call: () => 'cancel()' },
  { name: 'reload', p: 0.03, decl: () => 'func reload()', call: () => 'reload()' },
];

// Background-task vocabulary in comments and strings: the prefilter cannot tell these from real uses.
const BG_WORDS = [
  (t) => `        // Mirrors the BGTaskScheduler refresh in BackgroundTasksCoordinator; keep ${t} cheap.`,
  (t) => `        logger.debug("BGTask budget: deferring ${t} work")`,
  () => '        // Do not call setTaskCompleted here: the coordinator completes the task.',
  () => '        /* expirationHandler semantics: stop quickly, the system is about to suspend us */',
  (t) => `        let reason = "BGAppRefreshTask fired for ${t}"`,
  () => '        // BackgroundTasks framework: this also runs from a BGProcessingTask.',
];

function typeName(i) {
  return `${NOUNS[i % NOUNS.length]}${KINDS[Math.floor(i / NOUNS.length) % KINDS.length]}${Math.floor(i / (NOUNS.length * KINDS.length)) || ''}`;
}

const nounOf = (type) => type.replace(/[A-Z][a-z]+\d*$/, '');
const ORDINARY = ['load', 'compute', 'prepare', 'validate', 'merge', 'apply'];

// One method body. `own` are the colliding names this type declares (called bare, as `refresh()`); other types'
// methods are called through `Type.shared`: mostly their ordinary methods, about one statement in a hundred a
// colliding one, so each colliding name is called from a hundred or two files, as in a large app.
function body(self, types, own, lines, indent = '        ') {
  const stmts = 5 + Math.floor(rnd() * 7);
  for (let s = 0; s < stmts; s++) {
    const r = rnd();
    if (r < 0.01) {
      const other = pick(types);
      lines.push(`${indent}${other}.shared.${pick(COMMON).call(nounOf(other))}`);
    } else if (r < 0.025 && own.length) lines.push(`${indent}${pick(own).call(nounOf(self))}`);
    else if (r < 0.2) lines.push(`${indent}${pick(types)}.shared.${pick(ORDINARY)}${pick(NOUNS)}${Math.floor(rnd() * 4)}()`);
    else if (r < 0.34) lines.push(`${indent}let value${s} = cache["${pick(NOUNS).toLowerCase()}"] ?? ${Math.floor(rnd() * 100)}`);
    else if (r < 0.46) lines.push(`${indent}if cache.count > ${Math.floor(rnd() * 50)} { cache.removeAll() }`);
    else if (r < 0.58) lines.push(`${indent}queue.async { [weak self] in self?.cache["k${s}"] = ${s} }`);
    else if (r < 0.68) lines.push(`${indent}for i in 0..<${2 + Math.floor(rnd() * 5)} { logger.debug("${self} step \\(i)") }`);
    else if (r < 0.8) lines.push(`${indent}let formatter${s} = DateFormatter()`, `${indent}formatter${s}.dateStyle = .medium`);
    else lines.push(`${indent}// ${self}: keep ${pick(NOUNS).toLowerCase()} data in sync with the server before showing it.`);
  }
}

function methods(self, types, lines, bgWords) {
  const own = COMMON.filter((c) => chance(c.p));
  for (const c of own) {
    lines.push('', `    ${c.decl(nounOf(self))} {`);
    if (bgWords && chance(0.5)) lines.push(pick(BG_WORDS)(self));
    body(self, types, own, lines);
    lines.push('    }');
  }
  const count = 7 + Math.floor(rnd() * 6);
  for (let f = 0; f < count; f++) {
    lines.push('', `    func ${pick(ORDINARY)}${pick(NOUNS)}${f}() {`);
    if (bgWords && chance(0.3)) lines.push(pick(BG_WORDS)(self));
    body(self, types, own, lines);
    lines.push('    }');
  }
}

function typeFile(self, types, index, bgWords) {
  const noun = nounOf(self);
  const lines = ['import Foundation', 'import os', ''];
  if (bgWords) lines.push(`/// ${self}: part of the sync pipeline that the BGTaskScheduler handlers drive (${index}).`);
  else lines.push(`/// ${self} (${index}).`);
  if (self.includes('View') && !self.includes('ViewModel')) {
    lines[0] = 'import SwiftUI';
    lines.push(`struct ${self}: View {`, `    @StateObject private var model = ${noun}Model()`, '    private let logger = Logger(subsystem: "collide", category: "ui")', '    private var cache: [String: Int] = [:]', '    private let queue = DispatchQueue.main', '    static let shared = Self()');
    lines.push('    var body: some View {', '        List(model.items, id: \\.self) { Text($0) }', `            .onAppear { model.${pick(['refresh', 'start', 'reload'])}() }`, `            .refreshable { await model.${pick(['refresh', 'sync'])}() }`, '    }');
  } else {
    lines.push(`final class ${self} {`, `    static let shared = ${self}()`, `    private let logger = Logger(subsystem: "collide", category: "${noun.toLowerCase()}")`, '    private var cache: [String: Int] = [:]', `    private let queue = DispatchQueue(label: "${self.toLowerCase()}")`);
  }
  methods(self, types, lines, bgWords);
  lines.push('}', '');
  if (chance(0.25)) lines.push(`struct ${noun}Request${index} { let id: String }`, `enum ${noun}Event${index} { case changed, failed, finished }`, '');
  return lines.join('\n');
}

function extensionFile(self, types, index, bgWords) {
  const lines = ['import Foundation', '', `// ${self} + background sync (${index}).`];
  if (bgWords) lines.push('// Called from the BGProcessingTask handler as well as from the UI.');
  lines.push(`extension ${self} {`);
  methods(self, types, lines, bgWords);
  lines.push('}', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// The real BackgroundTasks code (App/Background). Three seeded mistakes, marked "Seeded mistake" in the text.

const ID = 'com.example.collide';

export const BG_FILES = {
  'TaskIdentifier.swift': `enum TaskIdentifier {
    static let refresh = "${ID}.refresh"
    static let feed = "${ID}.feed"
    static let maintenance = "${ID}.maintenance"
    static let cleanup = "${ID}.cleanup"
}
`,
  'CollideApp.swift': `import SwiftUI

@main
struct CollideApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) var appDelegate
    @Environment(\\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup { RootView() }
            .onChange(of: scenePhase) { _, phase in
                guard phase == .background else { return }
                BackgroundTasksCoordinator.shared.scheduleRefresh()
                BackgroundTasksCoordinator.shared.scheduleFeedRefresh()
                BackgroundTasksCoordinator.shared.scheduleMaintenance()
                BackgroundTasksCoordinator.shared.scheduleCleanup()
            }
    }
}

struct RootView: View {
    var body: some View {
        TabView {
            BackgroundSettingsView()
            PendingTasksDebugView()
        }
    }
}
`,
  'AppDelegate.swift': `import UIKit

final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil) -> Bool {
        BackgroundTasksCoordinator.shared.register()
        SessionService.shared.start()
        return true
    }
}
`,
  'BackgroundTasksCoordinator.swift': `import BackgroundTasks
import os

final class BackgroundTasksCoordinator {
    static let shared = BackgroundTasksCoordinator()
    let logger = Logger(subsystem: "collide", category: "bg")

    func register() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIdentifier.refresh, using: nil) { task in
            self.handle(refresh: task as! BGAppRefreshTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIdentifier.feed, using: nil) { task in
            FeedRefresher.shared.handle(task as! BGAppRefreshTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIdentifier.maintenance, using: nil) { task in
            DatabaseMaintenance.shared.run(task as! BGProcessingTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIdentifier.cleanup, using: nil) { task in
            self.handleCleanup(task as! BGProcessingTask)
        }
    }

    func scheduleRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: TaskIdentifier.refresh)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 15 * 60)
        submit(request)
    }

    func scheduleFeedRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: TaskIdentifier.feed)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 60 * 60)
        submit(request)
    }

    func scheduleMaintenance() {
        let request = BGProcessingTaskRequest(identifier: TaskIdentifier.maintenance)
        request.requiresExternalPower = true
        submit(request)
    }

    func scheduleCleanup() {
        let request = BGProcessingTaskRequest(identifier: TaskIdentifier.cleanup)
        request.requiresNetworkConnectivity = false
        submit(request)
    }

    private func submit(_ request: BGTaskRequest) {
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            logger.error("submit \\(request.identifier): \\(error.localizedDescription)")
        }
    }

    private func handle(refresh task: BGAppRefreshTask) {
        scheduleRefresh()
        let operation = RefreshOperation()
        task.expirationHandler = { operation.cancel() }
        operation.completionBlock = { task.setTaskCompleted(success: !operation.isCancelled) }
        OperationQueue.background.addOperation(operation)
    }
}
`,
  'BackgroundTasksCoordinator+Cleanup.swift': `import BackgroundTasks

extension BackgroundTasksCoordinator {
    // Seeded mistake: missing-expiration-handler.
    func handleCleanup(_ task: BGProcessingTask) {
        CacheJanitor.shared.start { removed in
            self.logger.info("cleanup removed \\(removed) files")
            task.setTaskCompleted(success: removed >= 0)
        }
    }
}
`,
  'FeedRefresher.swift': `import BackgroundTasks

final class FeedRefresher {
    static let shared = FeedRefresher()

    // Seeded mistake: refresh-not-rescheduled (the next feed refresh is never submitted).
    func handle(_ task: BGAppRefreshTask) {
        let work = Task {
            await FeedStore.shared.refresh()
            task.setTaskCompleted(success: !Task.isCancelled)
        }
        task.expirationHandler = { work.cancel() }
    }
}
`,
  'DatabaseMaintenance.swift': `import BackgroundTasks

final class DatabaseMaintenance {
    static let shared = DatabaseMaintenance()

    func run(_ task: BGProcessingTask) {
        let store = MaintenanceStore.shared
        task.expirationHandler = { store.cancel() }
        // Seeded mistake: missing-set-task-completed on the early return.
        guard store.needsVacuum else { return }
        store.vacuum { ok in task.setTaskCompleted(success: ok) }
    }
}
`,
  'RefreshOperation.swift': `import Foundation

final class RefreshOperation: Operation {
    override func main() {
        guard !isCancelled else { return }
        EpisodeManager.shared.refresh()
        PodcastService.shared.sync { _ in }
    }
}

extension OperationQueue {
    static let background: OperationQueue = {
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        return queue
    }()
}
`,
  'FeedStore.swift': `import Foundation

actor FeedStore {
    static let shared = FeedStore()
    private var lastRefresh = Date.distantPast

    func refresh() async {
        lastRefresh = Date()
        FeedManager.shared.refresh()
        DownloadService.shared.start()
    }
}
`,
  'MaintenanceStore.swift': `import Foundation

final class MaintenanceStore {
    static let shared = MaintenanceStore()
    var needsVacuum: Bool { UserDefaults.standard.bool(forKey: "needsVacuum") }

    func vacuum(completion: @escaping (Bool) -> Void) {
        DispatchQueue.global(qos: .utility).async { completion(true) }
    }

    func cancel() {}
}
`,
  'CacheJanitor.swift': `import Foundation

final class CacheJanitor {
    static let shared = CacheJanitor()

    func start(completion: @escaping (Int) -> Void) {
        DispatchQueue.global(qos: .utility).async { completion(0) }
    }
}
`,
  'BackgroundSettingsView.swift': `import BackgroundTasks
import SwiftUI

struct BackgroundSettingsView: View {
    @AppStorage("feedRefresh") private var feedRefresh = true

    var body: some View {
        Toggle("Refresh feeds in the background", isOn: $feedRefresh)
            .onChange(of: feedRefresh) { _, on in
                if on {
                    BackgroundTasksCoordinator.shared.scheduleFeedRefresh()
                } else {
                    BGTaskScheduler.shared.cancel(taskRequestWithIdentifier: TaskIdentifier.feed)
                }
            }
    }
}
`,
  'PendingTasksDebugView.swift': `import BackgroundTasks
import SwiftUI

struct PendingTasksDebugView: View {
    @State private var pending: [String] = []

    var body: some View {
        List(pending, id: \\.self) { Text($0) }
            .task { pending = await BGTaskScheduler.shared.pendingTaskRequests().map(\\.identifier) }
    }
}
`,
};

/** The findings a correct lint reports on this workspace: the three seeded mistakes, nothing else. */
export const COLLISION_FINDINGS = [
  'missing-expiration-handler BackgroundTasksCoordinator+Cleanup.swift:5',
  'missing-set-task-completed DatabaseMaintenance.swift:10',
  'refresh-not-rescheduled FeedRefresher.swift:7',
].sort();

export function generateCollisions(dir, files = 1300) {
  seed = 1109;
  const app = path.join(dir, 'App');
  mkdirSync(path.join(dir, 'Collide.xcodeproj'), { recursive: true });
  mkdirSync(path.join(app, 'Background'), { recursive: true });
  writeFileSync(path.join(dir, 'Collide.xcodeproj', 'project.pbxproj'), pbxproj());
  writeFileSync(path.join(app, 'Info.plist'), plist());
  let bytes = 0;
  let bgWordFiles = 0;
  for (const [name, text] of Object.entries(BG_FILES)) {
    writeFileSync(path.join(app, 'Background', name), text);
    bytes += text.length;
  }
  // About four of five files declare a type; the rest extend one declared elsewhere (extensions across files).
  const rest = files - Object.keys(BG_FILES).length;
  const typeCount = Math.round(rest * 0.8);
  const types = Array.from({ length: typeCount }, (_, i) => typeName(i));
  // The type names the real code calls into must exist as ordinary types too.
  for (const t of ['SessionService', 'FeedManager', 'DownloadService', 'EpisodeManager', 'PodcastService']) if (!types.includes(t)) throw new Error(`missing ${t}`);
  for (let i = 0; i < rest; i++) {
    const module = `Module${i % 36}`;
    const folder = path.join(app, 'Features', module);
    mkdirSync(folder, { recursive: true });
    const bgWords = chance(0.12);
    if (bgWords) bgWordFiles++;
    let name;
    let text;
    if (i < typeCount) {
      name = types[i];
      text = typeFile(name, types, i, bgWords);
    } else {
      const base = types[Math.floor(rnd() * typeCount)];
      name = `${base}+${pick(['Sync', 'Background', 'Refresh', 'Scheduling', 'Observers'])}${i}`;
      text = extensionFile(base, types, i, bgWords);
    }
    writeFileSync(path.join(folder, `${name}.swift`), text);
    bytes += text.length;
  }
  return { files, bytes, bgWordFiles, types: typeCount, extensions: rest - typeCount };
}

function plist() {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>BGTaskSchedulerPermittedIdentifiers</key>
	<array>
		<string>${ID}.refresh</string>
		<string>${ID}.feed</string>
		<string>${ID}.maintenance</string>
		<string>${ID}.cleanup</string>
	</array>
	<key>CFBundleIdentifier</key>
	<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>
	<key>UIBackgroundModes</key>
	<array>
		<string>fetch</string>
		<string>processing</string>
	</array>
</dict>
</plist>
`;
}

function pbxproj() {
  return `// !$*UTF8*$!
{
	archiveVersion = 1;
	classes = {
	};
	objectVersion = 77;
	objects = {
		CC0000000000000000000001 /* App */ = {isa = PBXFileSystemSynchronizedRootGroup; exceptions = (CC0000000000000000000002 /* Exceptions */, ); path = App; sourceTree = "<group>"; };
		CC0000000000000000000002 = {isa = PBXFileSystemSynchronizedBuildFileExceptionSet; membershipExceptions = (Info.plist, ); target = CC0000000000000000000010 /* Collide */; };
		CC0000000000000000000003 = {isa = PBXGroup; children = (CC0000000000000000000001 /* App */, ); sourceTree = "<group>"; };
		CC0000000000000000000010 /* Collide */ = {isa = PBXNativeTarget; buildConfigurationList = CC0000000000000000000020; buildPhases = (); fileSystemSynchronizedGroups = (CC0000000000000000000001 /* App */, ); name = Collide; productType = "com.apple.product-type.application"; };
		CC0000000000000000000011 /* Project object */ = {isa = PBXProject; buildConfigurationList = CC0000000000000000000021; mainGroup = CC0000000000000000000003; targets = (CC0000000000000000000010 /* Collide */, ); };
		CC0000000000000000000030 /* Debug */ = {isa = XCBuildConfiguration; buildSettings = { INFOPLIST_FILE = App/Info.plist; PRODUCT_BUNDLE_IDENTIFIER = ${ID}; }; name = Debug; };
		CC0000000000000000000031 /* Release */ = {isa = XCBuildConfiguration; buildSettings = { INFOPLIST_FILE = App/Info.plist; PRODUCT_BUNDLE_IDENTIFIER = ${ID}; }; name = Release; };
		CC0000000000000000000032 /* Debug */ = {isa = XCBuildConfiguration; buildSettings = { SWIFT_VERSION = 5.0; }; name = Debug; };
		CC0000000000000000000020 = {isa = XCConfigurationList; buildConfigurations = (CC0000000000000000000030 /* Debug */, CC0000000000000000000031 /* Release */, ); };
		CC0000000000000000000021 = {isa = XCConfigurationList; buildConfigurations = (CC0000000000000000000032 /* Debug */, ); };
	};
	rootObject = CC0000000000000000000011 /* Project object */;
}
`;
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? 'bench/out/collisions');
  const r = generateCollisions(dir, Number(process.argv[3] ?? 1300));
  console.log(`generated ${r.files} files (${r.types} types, ${r.extensions} extension files, ${r.bgWordFiles} with BackgroundTasks words in comments/strings), ${(r.bytes / 1e6).toFixed(1)} MB in ${dir}`);
}
