// Runs in @capacitor/background-runner's own JavaScript context, not in the web view: no DOM, no
// imports, no @capacitor/* packages. Only fetch, console, timers and the Capacitor* globals the
// runner provides (CapacitorKV, CapacitorDevice, ...) are available.
//
// iOS gives a background run about 30 seconds. Every handler must call resolve() or reject() on
// every path, or the run never ends and iOS may kill the app.

const API_BASE = 'https://api.notes.example.com/v1';

// Written by @capacitor/preferences in the web view (UserDefaults, "CapacitorStorage." prefix).
const NOTES_KEY = 'CapacitorStorage.notes';
const TOKEN_KEY = 'CapacitorStorage.auth.token';
// Owned by this runner.
const LAST_BACKUP_KEY = 'notes.lastBackupAt';

function readString(key) {
  const entry = CapacitorKV.get(key);
  return entry && entry.value ? entry.value : null;
}

function readJSON(key, fallback) {
  const raw = readString(key);
  if (raw === null) {
    return fallback;
  }
  try {
    return JSON.parse(raw);
  } catch (err) {
    console.warn(`[backup] ignoring unreadable ${key}: ${err}`);
    return fallback;
  }
}

/** Rejects when `promise` has not settled after `ms` milliseconds. */
function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer after ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

// Scheduled runs get no notes in `args`; "Back up now" in the app passes the notes and the token.
addEventListener('backupNotes', async (resolve, reject, args) => {
  const lastBackupAt = readString(LAST_BACKUP_KEY);
  const allNotes = args && args.notes ? args.notes : readJSON(NOTES_KEY, []);
  const changed = allNotes.filter((note) => !lastBackupAt || note.updatedAt > lastBackupAt);
  if (changed.length === 0) {
    console.log('[backup] nothing changed since the last backup');
    resolve({ backedUp: 0, finishedAt: lastBackupAt });
    return;
  }

  const network = CapacitorDevice.getNetworkStatus();
  if (network && !network.connected) {
    console.log('[backup] offline, trying again next time');
    resolve({ backedUp: 0, finishedAt: lastBackupAt });
    return;
  }

  const token = (args && args.token) || readString(TOKEN_KEY);
  if (!token) {
    reject(new Error('Sign in to back up your notes'));
    return;
  }

  try {
    const response = await withTimeout(
      fetch(`${API_BASE}/backups`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ notes: changed, since: lastBackupAt }),
      }),
      20000,
    );
    if (!response.ok) {
      throw new Error(`backup failed with HTTP ${response.status}`);
    }
    const finishedAt = new Date().toISOString();
    CapacitorKV.set(LAST_BACKUP_KEY, finishedAt);
    resolve({ backedUp: changed.length, finishedAt });
  } catch (err) {
    console.error(`[backup] ${err}`);
    reject(err);
  }
});

addEventListener('getBackupStatus', (resolve, reject) => {
  try {
    resolve({ lastBackupAt: readString(LAST_BACKUP_KEY) });
  } catch (err) {
    reject(err);
  }
});
