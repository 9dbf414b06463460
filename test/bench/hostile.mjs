// Every unbounded reproduction of the "Hostile repositories" issue (items 6–14 and 17), as small generated projects,
// run through the built CLI: wall time and peak RSS per case, PASS when it ends in ≤ 2 s and ≤ 200 MB without a stack
// trace. Not part of `npm test` (timings are machine-dependent); the table is what the issue's closing note quotes.
//   node esbuild.mjs && node test/bench/hostile.mjs [--only name,name] [--keep]
// BGTASKS_DIST=<folder with cli.js> measures another build (for before/after numbers).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDist, CLI } from './dist.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RSS = path.resolve(here, 'rss.cjs');
const LIMIT_S = 2;
const LIMIT_MB = 200;
// A case that runs away is stopped here and fails (it would not end otherwise).
const KILL_AFTER_MS = 120_000;

const HEADER = 'import BackgroundTasks\nimport UIKit\n';
const ID = 'com.example.app.refresh';

function plist({ ids = [ID], modes = ['fetch'], extra = '' } = {}) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>
	<key>BGTaskSchedulerPermittedIdentifiers</key>
	<array>
${ids.map((i) => `		<string>${i}</string>`).join('\n')}
	</array>
	<key>UIBackgroundModes</key>
	<array>
${modes.map((m) => `		<string>${m}</string>`).join('\n')}
	</array>
${extra}</dict>
</plist>
`;
}

/** An app delegate that registers `id` (handler body given) and submits it when the app goes to the background. */
function delegate(body = 'task.expirationHandler = { task.setTaskCompleted(success: false) }\n      task.setTaskCompleted(success: true)', id = `"${ID}"`) {
  return `${HEADER}
@main
class AppDelegate: UIResponder, UIApplicationDelegate {
  func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
    BGTaskScheduler.shared.register(forTaskWithIdentifier: ${id}, using: nil) { task in
      ${body}
    }
    return true
  }

  func applicationDidEnterBackground(_ application: UIApplication) {
    try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: ${id}))
  }
}
`;
}

/** A minimal Xcode project: one app target with these build settings (and an optional base xcconfig). */
function pbxproj(settings, xcconfig) {
  return `// !$*UTF8*$!
{
	archiveVersion = 1;
	objectVersion = 56;
	objects = {
		A1 = {isa = PBXFileReference; path = AppDelegate.swift; sourceTree = "<group>"; };
		A2 = {isa = PBXBuildFile; fileRef = A1; };
		A3 = {isa = PBXSourcesBuildPhase; files = (A2, ); };
		A4 = {isa = PBXGroup; children = (A1, ${xcconfig ? 'A9, ' : ''}); path = App; sourceTree = "<group>"; };
		A5 = {isa = PBXGroup; children = (A4, ); sourceTree = "<group>"; };
		A6 = {isa = PBXNativeTarget; buildConfigurationList = A7; buildPhases = (A3, ); name = App; productType = "com.apple.product-type.application"; };
		A7 = {isa = XCConfigurationList; buildConfigurations = (A8, ); };
		A8 = {isa = XCBuildConfiguration; ${xcconfig ? 'baseConfigurationReference = A9; ' : ''}buildSettings = {
${Object.entries(settings).map(([k, v]) => `				${k} = ${JSON.stringify(v)};`).join('\n')}
			}; name = Debug; };
		${xcconfig ? `A9 = {isa = PBXFileReference; path = ${xcconfig}; sourceTree = "<group>"; };` : ''}
		B1 = {isa = PBXProject; buildConfigurationList = B2; mainGroup = A5; targets = (A6, ); };
		B2 = {isa = XCConfigurationList; buildConfigurations = (B3, ); };
		B3 = {isa = XCBuildConfiguration; buildSettings = { }; name = Debug; };
	};
	rootObject = B1;
}
`;
}

/** A binary plist (bplist00) of a top dictionary; values are strings or arrays of strings. */
function binaryPlist(root) {
  const objects = [];
  const add = (v) => {
    const index = objects.length;
    objects.push(null);
    const count = (marker, n) => (n < 15 ? [marker | n] : [marker | 0x0f, 0x12, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
    if (typeof v === 'string') objects[index] = Buffer.from([...count(0x50, v.length), ...Buffer.from(v, 'latin1')]);
    else if (Array.isArray(v)) {
      const refs = v.map(add);
      objects[index] = { marker: count(0xa0, refs.length), refs };
    } else {
      const keys = Object.keys(v).map(add);
      const values = Object.values(v).map(add);
      objects[index] = { marker: count(0xd0, keys.length), refs: [...keys, ...values] };
    }
    return index;
  };
  add(root);
  const refSize = 4;
  const chunks = [Buffer.from('bplist00', 'latin1')];
  let at = 8;
  const offsets = [];
  for (const o of objects) {
    offsets.push(at);
    let b;
    if (Buffer.isBuffer(o)) b = o;
    else {
      b = Buffer.alloc(o.marker.length + o.refs.length * refSize);
      Buffer.from(o.marker).copy(b);
      o.refs.forEach((r, i) => b.writeUInt32BE(r, o.marker.length + i * refSize));
    }
    chunks.push(b);
    at += b.length;
  }
  const table = Buffer.alloc(offsets.length * 4);
  offsets.forEach((o, i) => table.writeUInt32BE(o, i * 4));
  const trailer = Buffer.alloc(32);
  trailer[6] = 4;
  trailer[7] = refSize;
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(0n, 16);
  trailer.writeBigUInt64BE(BigInt(at), 24);
  return Buffer.concat([...chunks, table, trailer]);
}

/** Each case: files to write (path → text or bytes), and the CLI arguments after the project folder. */
const CASES = [
  {
    name: 'item6-same-named-methods',
    what: '48 types, methods a()…e() all calling each other, reached from a handler',
    files() {
      let types = HEADER;
      for (let t = 0; t < 48; t++) {
        types += `struct T${t} {\n`;
        for (const m of 'abcde') types += `  func ${m}() { ${[...'abcde'].filter((x) => x !== m).map((x) => `${x}()`).join('; ')} }\n`;
        types += '}\n';
      }
      return { 'App/Types.swift': types, 'App/AppDelegate.swift': delegate('task.expirationHandler = {}\n      T0().a()\n      task.setTaskCompleted(success: true)'), 'App/Info.plist': plist() };
    },
  },
  {
    name: 'item7-setting-bomb',
    what: 'A = "$(A)×6", PRODUCT_BUNDLE_IDENTIFIER = "$(A)" in a pbxproj',
    files() {
      return {
        'App.xcodeproj/project.pbxproj': pbxproj({ A: '$(A)$(A)$(A)$(A)$(A)$(A)', PRODUCT_BUNDLE_IDENTIFIER: '$(A)', INFOPLIST_FILE: 'App/Info.plist' }),
        'App/AppDelegate.swift': delegate(),
        'App/Info.plist': plist({ ids: ['$(PRODUCT_BUNDLE_IDENTIFIER).refresh'] }),
      };
    },
  },
  {
    name: 'item7-fanout-xcconfig',
    what: 'B1…B10 each 8 × the one before (xcconfig), and 32 includes each doubling $(inherited)',
    files() {
      const files = {};
      let cfg = 'B0 = xyzxyzxyz\n';
      for (let i = 1; i <= 10; i++) cfg += `B${i} = ${Array.from({ length: 8 }, () => `$(B${i - 1})`).join('')}\n`;
      cfg += 'PRODUCT_BUNDLE_IDENTIFIER = com.example.$(B10)\n#include "Chain0.xcconfig"\n';
      files['App/Base.xcconfig'] = cfg;
      for (let i = 0; i < 32; i++) files[`App/Chain${i}.xcconfig`] = `${i < 31 ? `#include "Chain${i + 1}.xcconfig"\n` : ''}OTHER = $(inherited) $(inherited) x\n`;
      files['App.xcodeproj/project.pbxproj'] = pbxproj({ INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: '$(inherited)' }, 'Base.xcconfig');
      files['App/AppDelegate.swift'] = delegate();
      files['App/Info.plist'] = plist({ ids: ['$(PRODUCT_BUNDLE_IDENTIFIER).refresh', '$(B10).$(OTHER)'] });
      return files;
    },
  },
  {
    name: 'item8-constant-bomb',
    what: 'static let a1 = a0 + a0 + … ×20, five levels, 2,000-character leaf, 7 submits',
    files() {
      let consts = `${HEADER}enum Ids {\n  static let a0 = "${'x'.repeat(2000)}"\n`;
      for (let i = 1; i <= 5; i++) consts += `  static let a${i} = ${Array.from({ length: 20 }, () => `a${i - 1}`).join(' + ')}\n`;
      consts += '}\n';
      const jobs = `${HEADER}func scheduleAll() {\n${Array.from({ length: 7 }, () => '  try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: Ids.a5))').join('\n')}\n}\n`;
      return { 'App/Ids.swift': consts, 'App/Jobs.swift': jobs, 'App/AppDelegate.swift': delegate(), 'App/Info.plist': plist() };
    },
  },
  {
    name: 'item9-simulate-zero-durations',
    what: 'simulate: zero-second processing task that resubmits, no minimum spacing (rejected: exit 2, clear message)',
    args: (dir) => ['simulate', dir, '--scenario', path.join(dir, 'scenario.json')],
    exit: 2,
    files() {
      const body = 'try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.clean"))\n      task.expirationHandler = {}\n      task.setTaskCompleted(success: true)';
      return {
        'App/AppDelegate.swift': delegate(body, '"com.example.app.clean"').replace('BGAppRefreshTaskRequest', 'BGProcessingTaskRequest'),
        'App/Info.plist': plist({ ids: ['com.example.app.clean'], modes: ['processing'] }),
        'scenario.json': JSON.stringify({ durations: { processing: { kind: 'fixed', seconds: 0 } }, model: { processingMinSpacingHours: 0 } }),
      };
    },
  },
  {
    name: 'item9-simulate-1s-120-days',
    what: 'simulate: 1-second processing task that resubmits, smallest spacing, 120 days',
    args: (dir) => ['simulate', dir, '--scenario', path.join(dir, 'scenario.json'), '--days', '120'],
    files() {
      const body = 'try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.clean"))\n      task.expirationHandler = {}\n      task.setTaskCompleted(success: true)';
      return {
        'App/AppDelegate.swift': delegate(body, '"com.example.app.clean"').replace('BGAppRefreshTaskRequest', 'BGProcessingTaskRequest'),
        'App/Info.plist': plist({ ids: ['com.example.app.clean'], modes: ['processing'] }),
        'scenario.json': JSON.stringify({ durations: { processing: { kind: 'fixed', seconds: 1 } }, model: { processingMinSpacingHours: 0.25 } }),
      };
    },
  },
  {
    name: 'item10-shape-backtracking',
    what: 'an id of 16 interpolated unknown parts against a 40-character permitted id',
    files() {
      const parts = Array.from({ length: 16 }, (_, i) => `\\(p${i})`).join('a');
      const code = `${HEADER}func go(${Array.from({ length: 16 }, (_, i) => `p${i}: String`).join(', ')}) {\n  try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "${parts}"))\n}\n`;
      return { 'App/Go.swift': code, 'App/AppDelegate.swift': delegate(), 'App/Info.plist': plist({ ids: [ID, 'a'.repeat(40) + 'b'] }) };
    },
  },
  {
    name: 'item11-prefilter-long-line',
    what: '720 KB of "BGTask" strings on one line (byte prefilter)',
    files() {
      return { 'App/Strings.swift': `let s = [${Array.from({ length: 720_000 / 10 }, () => '"BGTask",').join('')}]\n`, 'App/AppDelegate.swift': delegate(), 'App/Info.plist': plist() };
    },
  },
  {
    name: 'item11-mentions-tuple',
    what: 'an 800 KB tuple line naming the constant a request uses (binding search)',
    files() {
      const tuple = `let t = (${Array.from({ length: 800_000 / 11 }, () => 'refreshID').join(', ')})\n`;
      const code = `${HEADER}func go() {\n  try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: refreshID))\n}\n`;
      return { 'App/Tuple.swift': tuple, 'App/Go.swift': code, 'App/AppDelegate.swift': delegate(), 'App/Info.plist': plist() };
    },
  },
  {
    name: 'item12-exclude-brace-bomb',
    what: 'exclude "src/{1..10000000}/**" over 300 files',
    files() {
      const files = { '.bgtasksrc.json': JSON.stringify({ exclude: ['src/{1..10000000}/**', 'gen/{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}/**'] }), 'App/AppDelegate.swift': delegate(), 'App/Info.plist': plist() };
      for (let i = 0; i < 300; i++) files[`src/${i}/F${i}.swift`] = `struct F${i} {}\n`;
      return files;
    },
  },
  {
    name: 'item13-million-lt',
    what: 'an Info.plist of one million "<"',
    files() {
      return { 'App/AppDelegate.swift': delegate(), 'App/Info.plist': '<'.repeat(1_000_000) };
    },
  },
  {
    name: 'item13-six-million-lt',
    what: 'an Info.plist of six million "<"',
    files() {
      return { 'App/AppDelegate.swift': delegate(), 'App/Info.plist': '<'.repeat(6_000_000) };
    },
  },
  {
    name: 'item14-plist-40k-ids-one-line',
    what: 'single-line plist, 40,000 permitted ids, none registered (a finding and a fix each)',
    files() {
      const ids = Array.from({ length: 40_000 }, (_, i) => `<string>com.example.app.t${i}</string>`).join('');
      const text = `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>CFBundleIdentifier</key><string>com.example.app</string><key>BGTaskSchedulerPermittedIdentifiers</key><array><string>${ID}</string>${ids}</array><key>UIBackgroundModes</key><array><string>fetch</string></array></dict></plist>`;
      return { 'App/AppDelegate.swift': delegate(), 'App/Info.plist': text };
    },
  },
  {
    name: 'item14-appjson-8k-ids',
    what: 'Expo app.json with 8,000 permitted ids, none registered',
    files() {
      const ids = Array.from({ length: 8000 }, (_, i) => `com.example.app.t${i}`);
      return {
        'app.json': JSON.stringify({ expo: { name: 'x', ios: { bundleIdentifier: 'com.example.app', infoPlist: { BGTaskSchedulerPermittedIdentifiers: ids, UIBackgroundModes: ['fetch'] } } } }),
        'package.json': JSON.stringify({ name: 'x', dependencies: { expo: '^52.0.0' } }),
        'App.tsx': "import * as TaskManager from 'expo-task-manager';\nexport default function App() { return null; }\n",
      };
    },
  },
  {
    name: 'item17-5000-nested-closures',
    what: '5,000 closures nested in a handler (and the register/submit outside them)',
    files() {
      const n = 5000;
      const body = `${'run {\n'.repeat(n)}task.setTaskCompleted(success: true)\n${'}\n'.repeat(n)}task.expirationHandler = {}`;
      return { 'App/AppDelegate.swift': delegate(body), 'App/Info.plist': plist() };
    },
  },
  {
    name: 'chain-of-30k-calls',
    what: 'a SwiftUI view with a chain of 30,000 modifiers (each call\'s receiver is the whole chain before it)',
    files() {
      const chain = '.onChange(of: scenePhase) { _ in }\n'.repeat(30_000);
      return { 'App/View.swift': `import SwiftUI\nimport BackgroundTasks\nstruct V: View {\n  var body: some View { Text("x")${chain} }\n}\n`, 'App/Info.plist': plist() };
    },
  },
  {
    name: 'item17-binary-plist-100k-objects',
    what: 'a binary Info.plist of 100,000 objects (bplist-parser stopped at 32,768)',
    files() {
      const ids = Array.from({ length: 99_990 }, (_, i) => `com.example.app.t${i}`);
      return {
        'App/AppDelegate.swift': delegate(),
        'App/Info.plist': binaryPlist({ CFBundleIdentifier: 'com.example.app', BGTaskSchedulerPermittedIdentifiers: [ID, ...ids], UIBackgroundModes: ['fetch'] }),
      };
    },
  },
  {
    name: 'item17-utf16-plist',
    what: 'a UTF-16 LE Info.plist with a byte-order mark',
    files() {
      return { 'App/AppDelegate.swift': delegate(), 'App/Info.plist': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plist().replace('UTF-8', 'UTF-16'), 'utf16le')]) };
    },
  },
];

function write(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

function run(c, root) {
  const dir = path.join(root, c.name);
  mkdirSync(dir, { recursive: true });
  write(dir, c.files());
  const args = c.args ? c.args(dir) : ['lint', dir];
  const t = performance.now();
  const r = spawnSync(process.execPath, ['-r', RSS, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: KILL_AFTER_MS });
  const seconds = (performance.now() - t) / 1000;
  const mb = Number(/maxRSS=(\d+)/.exec(r.stderr ?? '')?.[1] ?? 0) / 1024;
  const stderr = (r.stderr ?? '').replace(/maxRSS=\d+\n?/, '');
  const trace = /\n\s+at .+:\d+:\d+/.test(stderr) || /RangeError|heap out of memory/.test(stderr);
  const lines = ((r.stdout ?? '') || stderr).split('\n').filter(Boolean);
  const killed = r.signal !== null || r.error !== undefined;
  const exitOk = c.exit !== undefined ? r.status === c.exit : r.status !== null && r.status < 2;
  const pass = !killed && !trace && exitOk && seconds <= LIMIT_S && mb <= LIMIT_MB;
  const why = killed ? `killed after ${KILL_AFTER_MS / 1000} s` : trace ? 'stack trace' : !exitOk ? `exit ${r.status}` : '';
  return { name: c.name, seconds, mb, exit: r.status, lines: lines.length, last: lines[lines.length - 1] ?? '', pass, why };
}

function main() {
  checkDist();
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt > 0 ? new Set(process.argv[onlyAt + 1].split(',')) : undefined;
  const root = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-hostile-'));
  const rows = [];
  try {
    for (const c of CASES) {
      if (only && !only.has(c.name)) continue;
      const r = run(c, root);
      rows.push(r);
      process.stderr.write(`${r.name}: ${r.seconds.toFixed(2)} s, ${r.mb.toFixed(0)} MB ${r.pass ? 'PASS' : 'FAIL'}\n`);
    }
  } finally {
    if (process.argv.includes('--keep')) process.stderr.write(`kept ${root}\n`);
    else rmSync(root, { recursive: true, force: true });
  }
  const head = ['case', 'time (s)', 'peak RSS (MB)', 'exit', 'output lines', 'result', 'last line of output'];
  const body = rows.map((r) => [r.name, r.seconds.toFixed(2), r.mb.toFixed(0), String(r.exit), String(r.lines), r.pass ? 'PASS' : `FAIL${r.why ? ` (${r.why})` : ''}`, r.last.length > 90 ? r.last.slice(0, 87) + '...' : r.last]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`Build: ${CLI}; limits ${LIMIT_S} s and ${LIMIT_MB} MB per case.\n`);
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
  const failed = rows.filter((r) => !r.pass).length;
  console.log(`\n${rows.length - failed}/${rows.length} PASS`);
  process.exitCode = failed ? 1 : 0;
}

main();
