import type { Workout } from '../data/workoutStore';

const API_BASE = 'https://api.fitness.example.com/v2';

export type PlannedSession = {
  day: string;
  kind: Workout['kind'];
  targetMinutes: number;
  note?: string;
};

export type TrainingPlan = {
  etag: string;
  weekOf: string;
  sessions: PlannedSession[];
};

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${API_BASE}${path}`, {
    ...init,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...init.headers },
  });
  if (!response.ok && response.status !== 304) {
    throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${response.status}`);
  }
  return response;
}

/** Sends one workout and returns the id the server gave it. */
export async function uploadWorkout(workout: Workout): Promise<string> {
  const response = await request('/workouts', {
    method: 'POST',
    body: JSON.stringify({
      client_id: workout.id,
      kind: workout.kind,
      started_at: workout.startedAt,
      duration_minutes: workout.durationMinutes,
      distance_km: workout.distanceKm,
      steps: workout.steps,
    }),
  });
  const body = (await response.json()) as { id: string };
  return body.id;
}

/** Fetches this week's plan from the coach, or 'not-modified' when `etag` is still current. */
export async function fetchTrainingPlan(etag?: string): Promise<TrainingPlan | 'not-modified'> {
  const response = await request('/plans/current', {
    headers: etag ? { 'If-None-Match': etag } : {},
  });
  if (response.status === 304) {
    return 'not-modified';
  }
  const body = (await response.json()) as Omit<TrainingPlan, 'etag'>;
  return { ...body, etag: response.headers.get('ETag') ?? '' };
}
