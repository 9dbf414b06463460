import AsyncStorage from '@react-native-async-storage/async-storage';
import { fetchTrainingPlan, type TrainingPlan } from '../api/client';

export const PLAN_SYNC_TASK = 'training-plan-sync';

const PLAN_KEY = 'fitness/training-plan';

export async function loadTrainingPlan(): Promise<TrainingPlan | null> {
  const raw = await AsyncStorage.getItem(PLAN_KEY);
  return raw ? (JSON.parse(raw) as TrainingPlan) : null;
}

/** Downloads the coach's plan for this week when it changed. Returns the plan now stored. */
export async function syncTrainingPlan(): Promise<TrainingPlan | null> {
  const cached = await loadTrainingPlan();
  const latest = await fetchTrainingPlan(cached?.etag);
  if (latest === 'not-modified') {
    return cached;
  }
  await AsyncStorage.setItem(PLAN_KEY, JSON.stringify(latest));
  return latest;
}
