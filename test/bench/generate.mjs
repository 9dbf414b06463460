// Generates a synthetic iOS workspace for benchmarks: ~2,000 Swift files (~10 MB), about 1% of them touching
// BackgroundTasks, plus launch code, an Info.plist and an Xcode 16 project with a synchronized folder. Deterministic.
// The BackgroundTasks files seed three known mistakes so the benchmark can check the lint stays correct.
//   node test/bench/generate.mjs <dir> [files=2000]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (a) => a[Math.floor(rnd() * a.length)];

const NOUNS = ['Film', 'Showtime', 'Ticket', 'Review', 'Profile', 'Cinema', 'Seat', 'Order', 'Payment', 'Poster', 'Trailer', 'Genre', 'Actor', 'Playlist', 'Badge', 'Coupon', 'Friend', 'Message', 'Receipt', 'Venue'];
const KINDS = ['ViewModel', 'Service', 'Store', 'Cell', 'View', 'Coordinator', 'Formatter', 'Repository', 'Client', 'Cache'];
const COMMON = ['start', 'load', 'configure', 'refresh', 'update', 'reset', 'register', 'schedule', 'handle'];

function filler(name, index) {
  const lines = [`import Foundation`, `import SwiftUI`, ``, `/// ${name}: generated filler for benchmarks (${index}).`];
  if (name.endsWith('View')) {
    lines.push(`struct ${name}: View {`, `    @State private var items: [String] = []`, `    @State private var isLoading = false`, `    var body: some View {`, `        List(items, id: \\.self) { item in`, `            Text(item).font(.body)`, `        }`, `        .onAppear { ${pick(COMMON)}() }`, `        .refreshable { await reload() }`, `    }`);
  } else {
    lines.push(`final class ${name} {`, `    static let shared = ${name}()`, `    private var cache: [String: Int] = [:]`, `    private let queue = DispatchQueue(label: "${name.toLowerCase()}")`);
  }
  const fnCount = 8 + Math.floor(rnd() * 6);
  for (let f = 0; f < fnCount; f++) {
    const common = rnd() < 0.4;
    const fname = common ? pick(COMMON) + (rnd() < 0.5 ? '' : pick(NOUNS)) : `compute${pick(NOUNS)}${f}`;
    lines.push(``, `    func ${fname}${common && fname === 'handle' ? '(event: String)' : '()'} {`);
    const stmts = 6 + Math.floor(rnd() * 8);
    for (let s = 0; s < stmts; s++) {
      const r = rnd();
      if (r < 0.2) lines.push(`        let value${s} = cache["${pick(NOUNS).toLowerCase()}"] ?? ${Math.floor(rnd() * 100)}`);
      else if (r < 0.35) lines.push(`        if cache.count > ${Math.floor(rnd() * 50)} { cache.removeAll() }`);
      else if (r < 0.5) lines.push(`        queue.async { [weak self] in self?.cache["k${s}"] = ${s} }`);
      else if (r < 0.6) lines.push(`        ${pick(NOUNS)}${pick(KINDS)}.shared.${pick(COMMON)}()`);
      else if (r < 0.7) lines.push(`        for i in 0..<${2 + Math.floor(rnd() * 5)} { print("${name} step \\(i)") }`);
      else if (r < 0.8) lines.push(`        let formatter${s} = DateFormatter()`, `        formatter${s}.dateStyle = .medium`);
      else lines.push(`        // ${name}: keep ${pick(NOUNS).toLowerCase()} data in sync with the server before showing it.`);
    }
    lines.push(`    }`);
  }
  if (name.endsWith('View')) lines.push(``, `    private func reload() async { isLoading = true; defer { isLoading = false } }`, `    private func ${pick(COMMON)}() { items = ["a", "b"] }`);
  lines.push(`}`, ``);
  return lines.join('\n');
}

const BG_FILES = {
  'AppDelegate.swift': `import UIKit
import BackgroundTasks

final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil) -> Bool {
        BackgroundScheduler.shared.registerAll()
        BackgroundScheduler.shared.scheduleMaintenance()
        return true
    }
}
`,
  'BenchApp.swift': `import SwiftUI

@main
struct BenchApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) var appDelegate
    @Environment(\\.scenePhase) private var scenePhase
    var body: some Scene {
        WindowGroup { Text("Bench") }
            .onChange(of: scenePhase) { _, phase in
                if phase == .background { BackgroundScheduler.shared.scheduleRefresh() }
            }
    }
}
`,
  'TaskIDs.swift': `enum TaskIDs {
    static let refresh = "com.example.bench.refresh"
    static let maintenance = "com.example.bench.maintenance"
    static let upload = "com.example.bench.upload"
}
`,
  'BackgroundScheduler.swift': `import BackgroundTasks
import os

final class BackgroundScheduler {
    static let shared = BackgroundScheduler()
    private let logger = Logger(subsystem: "bench", category: "bg")

    func registerAll() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIDs.refresh, using: nil) { task in
            RefreshWorker.shared.run(task: task as! BGAppRefreshTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIDs.maintenance, using: nil) { task in
            MaintenanceWorker.shared.run(task: task as! BGProcessingTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIDs.upload, using: nil) { task in
            UploadWorker.shared.run(task: task as! BGProcessingTask)
        }
    }

    func scheduleRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: TaskIDs.refresh)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 15 * 60)
        do { try BGTaskScheduler.shared.submit(request) } catch { logger.error("refresh: \\(error.localizedDescription)") }
    }

    // Seeded mistake: submit-on-every-launch (no pending-request check).
    func scheduleMaintenance() {
        let request = BGProcessingTaskRequest(identifier: TaskIDs.maintenance)
        request.requiresExternalPower = true
        try? BGTaskScheduler.shared.submit(request)
    }
}
`,
  'RefreshWorker.swift': `import BackgroundTasks

final class RefreshWorker {
    static let shared = RefreshWorker()
    func run(task: BGAppRefreshTask) {
        BackgroundScheduler.shared.scheduleRefresh()
        let work = Task {
            await FeedSync.shared.sync()
            task.setTaskCompleted(success: !Task.isCancelled)
        }
        task.expirationHandler = { work.cancel() }
    }
}
`,
  'MaintenanceWorker.swift': `import BackgroundTasks

final class MaintenanceWorker {
    static let shared = MaintenanceWorker()
    // Seeded mistake: missing-expiration-handler.
    func run(task: BGProcessingTask) {
        defer { task.setTaskCompleted(success: true) }
        Database.shared.vacuum()
    }
}
`,
  'UploadWorker.swift': `import BackgroundTasks

final class UploadWorker {
    static let shared = UploadWorker()
    func run(task: BGProcessingTask) {
        task.expirationHandler = { Uploader.shared.cancel() }
        // Seeded mistake: missing-set-task-completed on the early return.
        guard Uploader.shared.hasPending else { return }
        Uploader.shared.upload { ok in task.setTaskCompleted(success: ok) }
    }
}
`,
};

export function generate(dir, files = 2000) {
  seed = 42;
  const app = path.join(dir, 'App');
  mkdirSync(path.join(dir, 'Bench.xcodeproj'), { recursive: true });
  mkdirSync(path.join(app, 'Background'), { recursive: true });
  writeFileSync(path.join(dir, 'Bench.xcodeproj', 'project.pbxproj'), pbxproj());
  writeFileSync(path.join(app, 'Info.plist'), plist());
  let bytes = 0;
  for (const [name, text] of Object.entries(BG_FILES)) {
    writeFileSync(path.join(app, 'Background', name), text);
    bytes += text.length;
  }
  // A few more files touch BackgroundTasks vocabulary without mistakes (about 1% in all).
  const fillerCount = files - Object.keys(BG_FILES).length;
  for (let i = 0; i < fillerCount; i++) {
    const module = `Module${i % 40}`;
    const name = `${NOUNS[i % NOUNS.length]}${KINDS[Math.floor(i / NOUNS.length) % KINDS.length]}${i}`;
    mkdirSync(path.join(app, 'Features', module), { recursive: true });
    let text = filler(name, i);
    // About 1% of the files use the BackgroundTasks API themselves (a settings screen cancelling work, a debug view
    // listing pending requests): real calls, so the prefilter must parse them.
    if (i % 150 === 0) {
      text += `\nimport BackgroundTasks\n\nextension ${name} {\n    func cancelBackgroundWork() {\n        BGTaskScheduler.shared.cancel(taskRequestWithIdentifier: TaskIDs.refresh)\n    }\n\n    func pendingWork() async -> [String] {\n        await BGTaskScheduler.shared.pendingTaskRequests().map(\\.identifier)\n    }\n}\n`;
    }
    writeFileSync(path.join(app, 'Features', module, `${name}.swift`), text);
    bytes += text.length;
  }
  return { files, bytes };
}

function plist() {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>BGTaskSchedulerPermittedIdentifiers</key>
	<array>
		<string>com.example.bench.refresh</string>
		<string>com.example.bench.maintenance</string>
		<string>com.example.bench.upload</string>
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
		BB0000000000000000000001 /* App */ = {isa = PBXFileSystemSynchronizedRootGroup; exceptions = (BB0000000000000000000002 /* Exceptions */, ); path = App; sourceTree = "<group>"; };
		BB0000000000000000000002 = {isa = PBXFileSystemSynchronizedBuildFileExceptionSet; membershipExceptions = (Info.plist, ); target = BB0000000000000000000010 /* Bench */; };
		BB0000000000000000000003 = {isa = PBXGroup; children = (BB0000000000000000000001 /* App */, ); sourceTree = "<group>"; };
		BB0000000000000000000010 /* Bench */ = {isa = PBXNativeTarget; buildConfigurationList = BB0000000000000000000020; buildPhases = (); fileSystemSynchronizedGroups = (BB0000000000000000000001 /* App */, ); name = Bench; productType = "com.apple.product-type.application"; };
		BB0000000000000000000011 /* Project object */ = {isa = PBXProject; buildConfigurationList = BB0000000000000000000021; mainGroup = BB0000000000000000000003; targets = (BB0000000000000000000010 /* Bench */, ); };
		BB0000000000000000000030 /* Debug */ = {isa = XCBuildConfiguration; buildSettings = { INFOPLIST_FILE = App/Info.plist; PRODUCT_BUNDLE_IDENTIFIER = com.example.bench; }; name = Debug; };
		BB0000000000000000000031 /* Release */ = {isa = XCBuildConfiguration; buildSettings = { INFOPLIST_FILE = App/Info.plist; PRODUCT_BUNDLE_IDENTIFIER = com.example.bench; }; name = Release; };
		BB0000000000000000000032 /* Debug */ = {isa = XCBuildConfiguration; buildSettings = { SWIFT_VERSION = 5.0; }; name = Debug; };
		BB0000000000000000000020 = {isa = XCConfigurationList; buildConfigurations = (BB0000000000000000000030 /* Debug */, BB0000000000000000000031 /* Release */, ); };
		BB0000000000000000000021 = {isa = XCConfigurationList; buildConfigurations = (BB0000000000000000000032 /* Debug */, ); };
	};
	rootObject = BB0000000000000000000011 /* Project object */;
}
`;
}

/** A ~3,000-line Swift file with several (eight) task handlers among ordinary code, for the editing benchmark. */
export function bigHandlerFile(lines = 3000) {
  const out = ['import BackgroundTasks', 'import Foundation', '', 'final class BigWorkers {', '    static let shared = BigWorkers()', '    private var cache: [String: Int] = [:]'];
  let i = 0;
  const handlers = 8;
  while (out.length < lines - 40) {
    if (i % 12 === 0 && i / 12 < handlers) {
      const h = i / 12;
      out.push('', `    func handleJob${h}(task: BGProcessingTask) {`, '        let work = Task {', `            guard await Jobs.ready(${h}) else {`, '                task.setTaskCompleted(success: false)', '                return', '            }', '            do {', `                try await Jobs.run(${h})`, '                task.setTaskCompleted(success: true)', '            } catch {', '                task.setTaskCompleted(success: false)', '            }', '        }', '        task.expirationHandler = { work.cancel() }', '    }');
    }
    out.push('', `    func helper${i}(_ input: [Int]) -> Int {`, '        var total = 0');
    for (let k = 0; k < 18; k++) {
      const r = (i * 31 + k * 7) % 5;
      if (r === 0) out.push(`        total += input.reduce(0, +) * ${k}  // arithmetic filler`);
      else if (r === 1) out.push(`        if let cached = cache["h${i}-${k}"] { total += cached }`);
      else if (r === 2) out.push(`        for value in input where value > ${k} { total &+= value }`);
      else if (r === 3) out.push(`        cache["h${i}-${k}"] = total % ${k + 3}`);
      else out.push(`        let label${k} = String(describing: total) + "-${k}"`, `        print(label${k})`);
    }
    out.push('        return total', '    }');
    i++;
  }
  out.push('}', '');
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}` && process.argv[1].endsWith('generate.mjs')) {
  const dir = path.resolve(process.argv[2] ?? 'bench/out/workspace');
  const r = generate(dir, Number(process.argv[3] ?? 2000));
  console.log(`generated ${r.files} files, ${(r.bytes / 1e6).toFixed(1)} MB in ${dir}`);
}
