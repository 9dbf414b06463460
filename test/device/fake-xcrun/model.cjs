/*
 * The fake `xcrun` of the device-bridge tests, as a model that runs either as its own process (./xcrun, the real
 * thing the bridge spawns) or in the test's process (test/device/fakeXcrun.ts, an injected process runner), so most
 * bridge tests need no process at all while a few still run the real script end to end.
 *
 * It implements the subcommands the bridge calls — `devicectl list devices | device info apps | device info processes
 * | device process launch [--console] | device notification post` and `lldb --batch -o … -k …` — with replies built
 * from the *shapes* of real devicectl/lldb output (see /work/shared/reference/devicectl-samples), but with our own
 * data. It also models the app side: the simulate expression / hook notification append the BackgroundTasks
 * framework's log lines to the fake device's log, which `launch --console` streams, so the log-confirmation path can be
 * tested end to end. Everything it prints for the app side is a model, not a capture.
 *
 * runXcrun(argv, io, world):
 *   io     out(text) / err(text): stdout and stderr; exit(code) and hang() end the run: they throw ExitSignal /
 *          HangSignal (the caller catches them; a hung run stays "alive" until it is killed).
 *   world  scenario(): the scenario (see test/device/fakeXcrun.ts for the fields); loadState() / saveState(s): what
 *          survives between invocations (pending requests, running simulated tasks, launched pid, lldb runs);
 *          appendDeviceLog(line); followDeviceLog(onLine): call onLine for every line appended from now on.
 * A file argument of --json-output is written to the real file system in both modes.
 */
'use strict';
const fs = require('node:fs');

class ExitSignal {
  constructor(code) {
    this.code = code;
  }
}
class HangSignal {}

// ------------------------------------------------------------------------------------------------ data

const APP_UUID = '3F1C9A2E-77B4-4D0A-9E15-6C2B8D40F7A3';
const OTHER_UUID = '9B0E4D11-2C3A-4F5E-8A71-11D2C3B4A5F6';

/** Devices in the shape of `devicectl list devices` (jsonVersion 2). Our own names and ids. */
const DEVICE_PRESETS = {
  'iphone-usb': {
    capabilities: [
      { featureIdentifier: 'com.apple.coredevice.feature.launchapplication', name: 'Launch Application' },
      { featureIdentifier: 'com.apple.coredevice.feature.listprocesses', name: 'List Processes' },
      { featureIdentifier: 'com.apple.coredevice.feature.debugserverproxy', name: 'Debug Server Proxy' },
    ],
    connectionProperties: {
      authenticationType: 'manualPairing', isMobileDeviceOnly: false, lastConnectionDate: '2025-03-04T09:12:44.120Z',
      pairingState: 'paired', potentialHostnames: ['00008120-001A2B3C4D5E601E.coredevice.local', '5A1F0C3E-8B2D-4E7A-9C61-0D3B2F7E4A10.coredevice.local'],
      transportType: 'wired', tunnelState: 'connected', tunnelTransportProtocol: 'tcp', tunnelIPAddress: 'fd7b:2f1c:aa10::1',
    },
    deviceProperties: {
      bootedFromSnapshot: true, ddiServicesAvailable: true, developerModeStatus: 'enabled', hasInternalOSBuild: false,
      name: "Ada's iPhone", osBuildUpdate: '22B83', osVersionNumber: '18.1', rootFileSystemIsWritable: false,
    },
    hardwareProperties: {
      cpuType: { name: 'arm64e', subType: 2, type: 16777228 }, deviceType: 'iPhone', ecid: 7304918273645120,
      hardwareModel: 'D83AP', marketingName: 'iPhone 15 Pro', platform: 'iOS', productType: 'iPhone16,1', reality: 'physical',
      serialNumber: 'QX7T2K9PLM', supportedDeviceFamilies: [1], udid: '00008120-001A2B3C4D5E601E',
    },
    identifier: '5A1F0C3E-8B2D-4E7A-9C61-0D3B2F7E4A10',
    visibilityClass: 'default',
  },
  'iphone-wifi': {
    capabilities: [],
    connectionProperties: {
      authenticationType: 'manualPairing', isMobileDeviceOnly: false, pairingState: 'paired',
      potentialHostnames: ['00008110-0012AB34CD56801E.coredevice.local'], transportType: 'localNetwork', tunnelState: 'disconnected',
    },
    deviceProperties: { developerModeStatus: 'enabled', name: 'Test iPhone 13', osBuildUpdate: '21F90', osVersionNumber: '17.5.1' },
    hardwareProperties: {
      deviceType: 'iPhone', marketingName: 'iPhone 13', platform: 'iOS', productType: 'iPhone14,5', reality: 'physical', udid: '00008110-0012AB34CD56801E',
    },
    identifier: 'C0FFEE00-1234-4ABC-8DEF-00000000A1B2',
    visibilityClass: 'default',
  },
  // iOS ≤ 16 over USB: devicectl returns empty hardwareProperties and an unavailable tunnel.
  'ipad-ios16-empty': {
    capabilities: [],
    connectionProperties: { pairingState: 'unsupported', potentialHostnames: [], transportType: 'wired', tunnelState: 'unavailable' },
    deviceProperties: { name: 'Old iPad' },
    hardwareProperties: {},
    identifier: 'E4B1D2C3-0A9F-4B8E-9D7C-6B5A4F3E2D1C',
    visibilityClass: 'default',
  },
  'iphone-devmode-off': {
    capabilities: [],
    connectionProperties: { pairingState: 'paired', transportType: 'wired', tunnelState: 'disconnected' },
    deviceProperties: { developerModeStatus: 'disabled', name: 'Work iPhone', osVersionNumber: '17.2' },
    hardwareProperties: { deviceType: 'iPhone', marketingName: 'iPhone 12', platform: 'iOS', reality: 'physical', udid: '00008101-000A1B2C3D4E5F60' },
    identifier: '7D3C2B1A-5E4F-4A6B-8C9D-0E1F2A3B4C5D',
    visibilityClass: 'default',
  },
  'iphone-ios16': {
    capabilities: [],
    connectionProperties: { pairingState: 'paired', transportType: 'wired', tunnelState: 'disconnected' },
    deviceProperties: { developerModeStatus: 'enabled', name: 'Legacy iPhone', osVersionNumber: '16.7.2' },
    hardwareProperties: { deviceType: 'iPhone', marketingName: 'iPhone X', platform: 'iOS', reality: 'physical', udid: '00008020-000B1C2D3E4F5A6B' },
    identifier: '1A2B3C4D-5E6F-4711-8899-AABBCCDDEEFF',
    visibilityClass: 'default',
  },
  simulator: {
    capabilities: [],
    connectionProperties: { pairingState: 'paired', transportType: 'localNetwork', tunnelState: 'connected' },
    deviceProperties: { developerModeStatus: 'enabled', name: 'iPhone 16 Pro Simulator', osVersionNumber: '18.2' },
    hardwareProperties: { deviceType: 'iPhone', marketingName: 'iPhone 16 Pro', platform: 'iOS', reality: 'simulated', udid: 'B3E2F1A0-9C8D-4E7F-A6B5-C4D3E2F1A0B9' },
    identifier: 'B3E2F1A0-9C8D-4E7F-A6B5-C4D3E2F1A0B9',
    visibilityClass: 'default',
  },
  watch: {
    capabilities: [],
    connectionProperties: { pairingState: 'paired', transportType: 'localNetwork', tunnelState: 'disconnected' },
    deviceProperties: { developerModeStatus: 'enabled', name: "Ada's Watch", osVersionNumber: '11.1' },
    hardwareProperties: { deviceType: 'appleWatch', marketingName: 'Apple Watch Series 9', platform: 'watchOS', reality: 'physical', udid: '00008301-0001A2B3C4D5E6F7' },
    identifier: 'F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9',
    visibilityClass: 'default',
  },
  // A hostile entry: an identifier that must never reach argv or lldb.
  'evil-identifier': {
    capabilities: [],
    connectionProperties: { pairingState: 'paired', transportType: 'wired', tunnelState: 'connected' },
    deviceProperties: { developerModeStatus: 'enabled', name: 'Evil', osVersionNumber: '18.0' },
    hardwareProperties: { deviceType: 'iPhone', platform: 'iOS', reality: 'physical' },
    identifier: 'X; process kill\n-o quit',
    visibilityClass: 'default',
  },
};

function runXcrun(argv, io, world) {
const scenario = world.scenario();

const deviceNames = scenario.devices || ['iphone-usb'];
const devices = deviceNames.map((n) => DEVICE_PRESETS[n]).filter(Boolean);
const knownDeviceIds = new Set(devices.flatMap((d) => [d.identifier, d.hardwareProperties.udid].filter(Boolean)));

/** Installed apps: bundle id → { name, dir } (dir is the .app folder name, may contain spaces). */
const apps = scenario.apps || { 'com.example.filmtracker': { name: 'Film Tracker', dir: 'Film Tracker.app', exe: 'Film Tracker' } };

function appUrl(bid) {
  const a = apps[bid];
  const dir = encodeURIComponent(a.dir);
  const base = `/private/var/containers/Bundle/Application/${APP_UUID}/${dir}/`;
  return scenario.fourSlashUrls ? `file:///${base}` : `file://${base}`;
}
function exeUrl(bid, rest) {
  const a = apps[bid];
  // Processes use /private/var too in real output; `varWithoutPrivate` exercises the other spelling.
  const root = scenario.varWithoutPrivate ? '/var' : '/private/var';
  return `file://${root}/containers/Bundle/Application/${APP_UUID}/${encodeURIComponent(a.dir)}/${rest}`;
}

// ------------------------------------------------------------------------------------------------ state

const state = {
  pending: scenario.pendingRequests || [],
  simulated: [],
  launchedPid: null,
  running: scenario.running || ['com.example.filmtracker'],
  lldbRuns: 0,
  ...(world.loadState() || {}),
};
const saveState = (s) => world.saveState(s);
const APP_PID = scenario.appPid || 812;
const APPEX_PID = scenario.appexPid || 1907; // higher than the app's pid on purpose: a naive "newest match" picks it
const LAUNCH_PID = scenario.launchPid || 2001;

// ------------------------------------------------------------------------------------------------ app-side model

function deviceLog(line) {
  const name = (apps[Object.keys(apps)[0]] || {}).exe || 'App';
  world.appendDeviceLog(`2025-03-04 10:15:03.${String(Date.now() % 1000).padStart(3, '0')} ${name}[${APP_PID}:10455] ${line}`);
}

const KIND = scenario.taskClass || 'BGAppRefreshTask';
function appSimulate(action, id) {
  if (action === 'launch') {
    deviceLog(`Simulating launch for task with identifier ${id}`);
    if (state.simulated.includes(id)) {
      deviceLog(`Task with identifier ${id} is already running`);
    } else if (state.pending.includes(id)) {
      if ((scenario.unregistered || []).includes(id)) {
        deviceLog(`*** Terminating app due to uncaught exception 'NSInternalInconsistencyException', reason: 'No launch handler registered for task with identifier ${id}'`);
      } else {
        state.pending = state.pending.filter((x) => x !== id); // consumed by the simulated launch
        state.simulated.push(id);
        deviceLog(`Running task: <${KIND}: ${id}>`);
        deviceLog(`Starting simulated task: <${KIND}: ${id}>`);
      }
    } else {
      deviceLog(`No task request with identifier ${id} has been scheduled`);
    }
  } else {
    deviceLog(`Simulating expiration for task with identifier ${id}`);
    if (state.simulated.includes(id)) {
      if ((scenario.noExpirationHandler || []).includes(id)) deviceLog(`No expiration handler for task: <${KIND}: ${id}>`);
      else deviceLog(`Expiring simulated task: <${KIND}: ${id}>`);
      state.simulated = state.simulated.filter((x) => x !== id);
    } else {
      deviceLog(`Task with identifier ${id} is not currently being simulated`);
    }
  }
  saveState(state);
}

// ------------------------------------------------------------------------------------------------ helpers

function opt(args, name) {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || (v.startsWith('-') && v !== '-')) {
    io.err(`Error: Missing value for '${name} <value>'\n`);
    io.exit(64);
  }
  return v;
}

function hang() {
  // Stays alive until killed, like lldb waiting on an attach that never completes.
  io.hang();
}

function writeJson(file, obj) {
  if (!file) return;
  if (file === '-') io.out(JSON.stringify(obj, null, 2) + '\n');
  else fs.writeFileSync(file, JSON.stringify(obj, null, 2));
}

function info(args, commandType, outcome) {
  return { arguments: ['devicectl', ...args], commandType, environment: { TERM: 'xterm-256color' }, jsonVersion: 2, outcome, version: '397.24' };
}

function failJson(args, commandType, file, code, domain, description, extra) {
  const userInfo = { NSLocalizedDescription: { string: description }, ...(extra || {}) };
  writeJson(file, { error: { code, domain, userInfo }, info: info(args, commandType, 'failed') });
  io.err(`ERROR: ${description} (${domain} error ${code}.)\n`);
  io.exit(1);
}

/** Failure modes shared by every devicectl subcommand. Exits, or returns true to hang, or false when there is none. */
function commonFailure(key, args, commandType, file) {
  const f = (scenario.fail || {})[key];
  if (!f) return false;
  switch (f) {
    case 'devicectl-missing':
      io.err('xcrun: error: unable to find utility "devicectl", not a developer tool or in PATH\n');
      io.exit(72);
      return true; // not reached: exit() throws
    case 'no-developer-dir':
      io.err('xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), missing xcrun at: /Library/Developer/CommandLineTools/usr/bin/xcrun\n');
      io.exit(1);
      return true; // not reached: exit() throws
    case 'hang':
      hang();
      return true;
    case 'device-not-found':
      return failJson(args, commandType, file, 1000, 'com.apple.dt.CoreDeviceError', 'The specified device was not found.');
    case 'locked':
      return failJson(args, commandType, file, 10002, 'com.apple.dt.CoreDeviceError', 'The application failed to launch.', {
        NSUnderlyingError: {
          error: {
            code: 7,
            domain: 'FBSOpenApplicationErrorDomain',
            userInfo: {
              BSErrorCodeDescription: { string: 'Locked' },
              NSLocalizedFailureReason: { string: 'Unable to launch com.example.filmtracker because the device was not, or could not be, unlocked.' },
            },
          },
        },
      });
    case 'developer-mode':
      return failJson(args, commandType, file, 10005, 'com.apple.dt.CoreDeviceError', 'Developer Mode is disabled on the device.');
    case 'preflight':
      return failJson(args, commandType, file, 10002, 'com.apple.dt.CoreDeviceError', 'Application failed preflight checks.');
    case 'garbage-json':
      fs.writeFileSync(file, '{ "info": ');
      io.exit(0);
      return true; // not reached: exit() throws
    case 'no-json':
      io.exit(0);
      return true; // not reached: exit() throws
    case 'console-unknown':
      io.err("Error: Unknown option '--console'\nUsage: devicectl device process launch [<options>] <bundle-identifier-or-path> [<arguments> ...]\n");
      io.exit(64);
      return true; // not reached: exit() throws
    default:
      io.err(`fake xcrun: unknown failure mode ${f}\n`);
      io.exit(99);
  }
}

function requireDevice(args, commandType, file) {
  const d = opt(args, '--device');
  if (!knownDeviceIds.has(d)) failJson(args, commandType, file, 1000, 'com.apple.dt.CoreDeviceError', 'The specified device was not found.');
  return d;
}

// ------------------------------------------------------------------------------------------------ devicectl

function devicectl(args) {
  const file = opt(args, '--json-output');
  const words = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && args[i - 1].startsWith('--')));
  const sub = words.slice(0, 3).join(' ');

  if (sub.startsWith('list devices')) {
    if (commonFailure('list-devices', args, 'devicectl.list.devices', file)) return;
    const t = Number(opt(args, '--timeout') || '5');
    if (t < 5) {
      io.err('Error: The value for --timeout must be at least 5.\n');
      io.exit(64);
    }
    writeJson(file, { info: info(args, 'devicectl.list.devices', 'success'), result: { devices } });
    return io.exit(0);
  }

  if (sub === 'device info apps') {
    if (commonFailure('info-apps', args, 'devicectl.device.info.apps', file)) return;
    const d = requireDevice(args, 'devicectl.device.info.apps', file);
    const bid = opt(args, '--bundle-id');
    const list = apps[bid]
      ? [{
          appClip: false, builtByDeveloper: true, bundleIdentifier: bid, bundleVersion: '42', defaultApp: false, hidden: false,
          internalApp: false, name: apps[bid].name, removable: true, url: appUrl(bid), version: '2.3.0',
        }]
      : [];
    writeJson(file, {
      info: info(args, 'devicectl.device.info.apps', 'success'),
      result: { apps: list, defaultAppsIncluded: false, deviceIdentifier: d, hiddenAppsIncluded: false, internalAppsIncluded: false, matchingBundleIdentifier: bid, removableAppsIncluded: true },
    });
    return io.exit(0);
  }

  if (sub === 'device info processes') {
    if (commonFailure('info-processes', args, 'devicectl.device.info.processes', file)) return;
    const d = requireDevice(args, 'devicectl.device.info.processes', file);
    const procs = [
      { executable: 'file:///sbin/launchd', processIdentifier: 1 },
      { processIdentifier: 96 }, // no executable at all: real output has these
      { executable: 'file:///System/Library/CoreServices/SpringBoard.app/SpringBoard', processIdentifier: 311 },
      { executable: `file:///private/var/containers/Bundle/Application/${OTHER_UUID}/Other.app/Other`, processIdentifier: 640 },
    ];
    for (const bid of state.running) {
      if (!apps[bid]) continue;
      const a = apps[bid];
      procs.push({ executable: exeUrl(bid, encodeURIComponent(a.exe)), processIdentifier: state.launchedPid || APP_PID });
      // The widget extension lives inside the app bundle: its path *contains* the app's install URL.
      procs.push({ executable: exeUrl(bid, `PlugIns/FilmWidgets.appex/FilmWidgets`), processIdentifier: APPEX_PID });
    }
    writeJson(file, { info: info(args, 'devicectl.device.info.processes', 'success'), result: { deviceIdentifier: d, runningProcesses: procs } });
    return io.exit(0);
  }

  if (sub === 'device process launch') {
    const consoleMode = args.includes('--console');
    if (commonFailure(consoleMode ? 'launch-console' : 'launch', args, 'devicectl.device.process.launch', file)) return;
    const d = requireDevice(args, 'devicectl.device.process.launch', file);
    const bid = args[args.length - 1];
    if (!apps[bid]) {
      failJson(args, 'devicectl.device.process.launch', file, 10002, 'com.apple.dt.CoreDeviceError', `The application ${bid} is not installed.`);
    }
    const env = opt(args, '--environment-variables');
    state.launchedPid = LAUNCH_PID;
    if (!state.running.includes(bid)) state.running.push(bid);
    saveState(state);
    if (!consoleMode) {
      writeJson(file, {
        info: info(args, 'devicectl.device.process.launch', 'success'),
        result: {
          deviceIdentifier: d,
          launchOptions: { activatedWhenStarted: true, arguments: [], environmentVariables: env ? JSON.parse(env) : {}, startStopped: false, terminateExistingInstances: args.includes('--terminate-existing') },
          process: { auditToken: [4294967295, 501, 501, 501, 501, LAUNCH_PID, 0, 1200], executable: exeUrl(bid, encodeURIComponent(apps[bid].exe)), processIdentifier: LAUNCH_PID },
        },
      });
      return io.exit(0);
    }
    return streamConsole(bid, env);
  }

  if (sub === 'device notification post') {
    if (commonFailure('notification-post', args, 'devicectl.device.notification.post', file)) return;
    const d = requireDevice(args, 'devicectl.device.notification.post', file);
    const name = opt(args, '--name');
    // The model of the Swift hook: it only observes <bid>.bgtasks.debug.<launch|expire>.<permitted id>.
    if (scenario.hookInstalled) {
      for (const bid of Object.keys(apps)) {
        for (const id of scenario.permittedIds || []) {
          for (const action of ['launch', 'expire']) {
            if (name === `${bid}.bgtasks.debug.${action}.${id}`) {
              deviceLog(`[bgtasks] ${action === 'launch' ? 'simulating launch of' : 'simulating expiration of'} ${id} (from VS Code)`);
              appSimulate(action, id);
            }
          }
        }
      }
    }
    writeJson(file, { info: info(args, 'devicectl.device.notification.post', 'success'), result: { deviceIdentifier: d, notificationName: name } });
    return io.exit(0);
  }

  io.err(`Error: Unexpected argument '${words.join(' ')}'\n`);
  io.exit(64);
}

function streamConsole(bid, env) {
  const parsedEnv = env ? JSON.parse(env) : {};
  const out = (l) => io.out(l + '\n');
  out('10:15:01  Acquired tunnel connection to device.');
  out('10:15:01  Enabling developer disk image services.');
  out('10:15:02  Acquired usage assertion.');
  out(`Launched application with ${bid} bundle identifier.`);
  out('Waiting for the application to terminate…');
  if (parsedEnv.OS_ACTIVITY_DT_MODE !== 'enable') return; // without DT mode os_log never reaches the console
  for (const l of scenario.consoleLines || []) out(l);
  // The app's log from here on: the fake device appends to it when a simulation or a hook runs.
  let printed = 0;
  world.followDeviceLog((line) => {
    out(line);
    printed++;
    if (scenario.consoleExitAfter && printed >= scenario.consoleExitAfter) {
      out('App terminated due to signal 9.');
      io.exit(0);
    }
  });
  return hang();
}

// ------------------------------------------------------------------------------------------------ lldb

const EXPR = /^expression -l objc -- \(void\)\[\[BGTaskScheduler sharedScheduler\] (_simulateLaunchForTaskWithIdentifier:|_simulateExpirationForTaskWithIdentifier:)@"([A-Za-z0-9._-]+)"\]$/;

function lldb(args) {
  const o = [];
  const k = [];
  let batch = false;
  let noInit = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--batch' || a === '-b') batch = true;
    else if (a === '--no-lldbinit' || a === '-x') noInit = true;
    else if (a === '-o' || a === '--one-line') o.push(args[++i]);
    else if (a === '-k' || a === '--one-line-on-crash') k.push(args[++i]);
    else {
      io.err(`error: unknown or ambiguous option '${a}'\n`);
      io.exit(1);
    }
  }
  if (!batch || !noInit) {
    io.err('fake xcrun: the bridge must run lldb with --batch and --no-lldbinit\n');
    io.exit(98);
  }
  // "…-once" failures happen on the first lldb run only (state.lldbRuns counts runs across invocations).
  state.lldbRuns = (state.lldbRuns || 0) + 1;
  saveState(state);
  const mode = (scenario.fail || {}).lldb;
  const f = typeof mode === 'string' && mode.endsWith('-once') ? (state.lldbRuns === 1 ? mode.slice(0, -'-once'.length) : undefined) : mode;
  let selected;
  let attachedPid;
  const out = (s) => io.out(s + '\n');
  const fail = (s) => {
    io.err(s + '\n');
    io.exit(1);
  };
  const exeName = (apps[Object.keys(apps)[0]] || {}).exe || 'App';

  for (const cmd of o) {
    out(`(lldb) ${cmd}`);
    if (/^device /.test(cmd) && f === 'device-not-valid') fail("error: 'device' is not a valid command.");
    let m;
    if ((m = /^device select (\S+)$/.exec(cmd))) {
      // Devices are discovered in the background after lldb starts: a select that comes too early fails.
      if (f === 'device-not-found') fail('error: The specified device was not found.');
      // Real lldb: an identifier it does not know selects nothing, and the attach that follows waits forever.
      selected = knownDeviceIds.has(m[1]) ? m[1] : undefined;
      continue;
    }
    if ((m = /^device process attach --pid (\d+)$/.exec(cmd))) {
      if (!selected) return hang();
      if (f === 'hang') return hang();
      if (f === 'attach-denied') {
        fail('error: attach failed: Not allowed to attach to process.  Look in the console messages (Console.app), near the debugserver entries, when the attach failed.  The subsystem that denied the attach permission will likely have logged an informative message about why it was denied.');
      }
      if (f === 'already-debugged') fail(`error: attach failed: process ${m[1]} is already being debugged`);
      if (f === 'connection-timeout') fail('error: Timeout while connecting to remote device.');
      const pid = Number(m[1]);
      const live = [state.launchedPid || APP_PID, APPEX_PID];
      if (!live.includes(pid)) fail(`error: attach failed: no such process (pid ${pid})`);
      attachedPid = pid;
      out(`Process ${pid} stopped`);
      out("* thread #1, queue = 'com.apple.main-thread', stop reason = signal SIGSTOP");
      out('    frame #0: 0x00000001e3f2a7c8 libsystem_kernel.dylib`mach_msg2_trap + 8');
      out('libsystem_kernel.dylib`mach_msg2_trap:');
      out('->  0x1e3f2a7c8 <+8>:  ret');
      out('    0x1e3f2a7cc <+12>: nop');
      out(`Target 0: (${exeName}) stopped.`);
      continue;
    }
    if (cmd === 'process status') {
      if (!attachedPid) fail('error: invalid process');
      out(`Process ${attachedPid} stopped`);
      out("* thread #1, queue = 'com.apple.main-thread', stop reason = signal SIGSTOP");
      out('    frame #0: 0x00000001e3f2a7c8 libsystem_kernel.dylib`mach_msg2_trap + 8');
      continue;
    }
    if (cmd.startsWith('expression')) {
      const e = EXPR.exec(cmd);
      if (!e) fail('error: <user expression 0>:1:1: expected expression'); // anything unexpected never "runs"
      if (!attachedPid) fail('error: invalid process');
      if (f === 'framework-missing') {
        fail("error: <user expression 0>:1:3: use of undeclared identifier 'BGTaskScheduler'\n    1 | (void)[[BGTaskScheduler sharedScheduler] " + e[1] + '@"' + e[2] + '"]\n      |   ^');
      }
      if (f === 'process-running') fail("error: Process is running.  Use 'process interrupt' to pause execution.");
      if (attachedPid === APP_PID || attachedPid === state.launchedPid) appSimulate(e[1].startsWith('_simulateLaunch') ? 'launch' : 'expire', e[2]);
      continue; // `(void)` expressions print nothing
    }
    if (cmd === 'process detach') {
      if (!attachedPid) fail('error: invalid process');
      out(`Process ${attachedPid} detached`);
      attachedPid = undefined;
      continue;
    }
    fail(`error: '${cmd.split(' ')[0]}' is not a valid command.`);
  }
  void k;
  io.exit(0);
}


const tool = argv[0];
if (tool === 'devicectl') devicectl(argv.slice(1));
else if (tool === 'lldb') lldb(argv.slice(1));
else {
  io.err(`xcrun: error: unable to find utility "${tool}", not a developer tool or in PATH\n`);
  io.exit(72);
}
io.exit(0);
}

module.exports = { runXcrun, ExitSignal, HangSignal };
