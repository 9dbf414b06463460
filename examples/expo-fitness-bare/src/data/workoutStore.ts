import * as SQLite from 'expo-sqlite';

export type WorkoutKind = 'run' | 'ride' | 'walk' | 'strength';

export type Workout = {
  id: number;
  kind: WorkoutKind;
  startedAt: string;
  durationMinutes: number;
  distanceKm: number | null;
  steps: number | null;
  /** Set once the server has the workout. */
  remoteId: string | null;
};

type WorkoutRow = {
  id: number;
  kind: WorkoutKind;
  started_at: string;
  duration_minutes: number;
  distance_km: number | null;
  steps: number | null;
  remote_id: string | null;
};

async function open(): Promise<SQLite.SQLiteDatabase> {
  const db = await SQLite.openDatabaseAsync('fitness.db');
  await db.execAsync(`
    PRAGMA journal_mode = WAL;
    CREATE TABLE IF NOT EXISTS workouts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL,
      started_at TEXT NOT NULL,
      duration_minutes INTEGER NOT NULL,
      distance_km REAL,
      steps INTEGER,
      remote_id TEXT
    );
    CREATE INDEX IF NOT EXISTS workouts_pending ON workouts (remote_id) WHERE remote_id IS NULL;
  `);
  return db;
}

let opening: Promise<SQLite.SQLiteDatabase> | null = null;

/** Opens the database once per JS context (a background launch gets a fresh context). */
function database(): Promise<SQLite.SQLiteDatabase> {
  if (!opening) {
    opening = open();
  }
  return opening;
}

function toWorkout(row: WorkoutRow): Workout {
  return {
    id: row.id,
    kind: row.kind,
    startedAt: row.started_at,
    durationMinutes: row.duration_minutes,
    distanceKm: row.distance_km,
    steps: row.steps,
    remoteId: row.remote_id,
  };
}

export async function listWorkouts(limit = 100): Promise<Workout[]> {
  const db = await database();
  const rows = await db.getAllAsync<WorkoutRow>(
    'SELECT * FROM workouts ORDER BY started_at DESC LIMIT ?',
    limit,
  );
  return rows.map(toWorkout);
}

/** Workouts the server does not have yet, oldest first. */
export async function listPendingWorkouts(): Promise<Workout[]> {
  const db = await database();
  const rows = await db.getAllAsync<WorkoutRow>(
    'SELECT * FROM workouts WHERE remote_id IS NULL ORDER BY started_at ASC',
  );
  return rows.map(toWorkout);
}

export async function addWorkout(input: Omit<Workout, 'id' | 'remoteId'>): Promise<Workout> {
  const db = await database();
  const result = await db.runAsync(
    'INSERT INTO workouts (kind, started_at, duration_minutes, distance_km, steps) VALUES (?, ?, ?, ?, ?)',
    input.kind,
    input.startedAt,
    input.durationMinutes,
    input.distanceKm,
    input.steps,
  );
  return { ...input, id: result.lastInsertRowId, remoteId: null };
}

export async function markUploaded(id: number, remoteId: string): Promise<void> {
  const db = await database();
  await db.runAsync('UPDATE workouts SET remote_id = ? WHERE id = ?', remoteId, id);
}
