import { Pedometer } from 'expo-sensors';
import { useCallback, useEffect, useState } from 'react';
import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';
import type { TrainingPlan } from '../api/client';
import { addWorkout, listWorkouts, type Workout, type WorkoutKind } from '../data/workoutStore';
import { enqueueUpload, useOfflineUploads } from '../hooks/useOfflineUploads';
import { loadTrainingPlan } from '../plans/trainingPlan';

const QUICK_LOG: { kind: WorkoutKind; label: string; minutes: number; km: number | null }[] = [
  { kind: 'run', label: 'Run 30 min', minutes: 30, km: 5 },
  { kind: 'ride', label: 'Ride 1 h', minutes: 60, km: 25 },
  { kind: 'strength', label: 'Strength 45 min', minutes: 45, km: null },
];

function startOfToday(): Date {
  const date = new Date();
  date.setHours(0, 0, 0, 0);
  return date;
}

export default function WorkoutsScreen() {
  const [workouts, setWorkouts] = useState<Workout[]>([]);
  const [stepsToday, setStepsToday] = useState<number | null>(null);
  const [plan, setPlan] = useState<TrainingPlan | null>(null);

  const reload = useCallback(() => {
    listWorkouts().then(setWorkouts);
  }, []);

  useOfflineUploads(reload);

  useEffect(() => {
    reload();
    loadTrainingPlan().then(setPlan);
    Pedometer.isAvailableAsync().then(async (available) => {
      if (available) {
        const { steps } = await Pedometer.getStepCountAsync(startOfToday(), new Date());
        setStepsToday(steps);
      }
    });
  }, [reload]);

  const log = async (entry: (typeof QUICK_LOG)[number]) => {
    const startedAt = new Date(Date.now() - entry.minutes * 60_000).toISOString();
    const workout = await addWorkout({
      kind: entry.kind,
      startedAt,
      durationMinutes: entry.minutes,
      distanceKm: entry.km,
      steps: null,
    });
    reload();
    await enqueueUpload(workout);
  };

  const weekday = new Date().toLocaleDateString('en-US', { weekday: 'long' });
  const planned = plan?.sessions.find((session) => session.day === weekday);

  return (
    <FlatList
      data={workouts}
      keyExtractor={(item) => String(item.id)}
      contentContainerStyle={styles.list}
      ListHeaderComponent={
        <View>
          <Text style={styles.steps}>
            {stepsToday === null ? 'Steps unavailable' : `${stepsToday.toLocaleString()} steps today`}
          </Text>
          {planned && (
            <Text style={styles.planned}>
              Today: {planned.kind} for {planned.targetMinutes} min{planned.note ? ` · ${planned.note}` : ''}
            </Text>
          )}
          <View style={styles.quickLog}>
            {QUICK_LOG.map((entry) => (
              <Pressable key={entry.label} style={styles.chip} onPress={() => log(entry)}>
                <Text style={styles.chipLabel}>{entry.label}</Text>
              </Pressable>
            ))}
          </View>
        </View>
      }
      ListEmptyComponent={<Text style={styles.empty}>No workouts yet.</Text>}
      renderItem={({ item }) => (
        <View style={styles.row}>
          <View>
            <Text style={styles.title}>
              {item.kind} · {item.durationMinutes} min
              {item.distanceKm !== null ? ` · ${item.distanceKm} km` : ''}
            </Text>
            <Text style={styles.meta}>{new Date(item.startedAt).toLocaleString()}</Text>
          </View>
          <Text style={item.remoteId ? styles.synced : styles.pending}>
            {item.remoteId ? 'Synced' : 'Pending'}
          </Text>
        </View>
      )}
    />
  );
}

const styles = StyleSheet.create({
  list: { padding: 16 },
  steps: { fontSize: 28, fontWeight: '700' },
  planned: { fontSize: 15, color: '#374151', marginTop: 4 },
  quickLog: { flexDirection: 'row', flexWrap: 'wrap', marginVertical: 16 },
  chip: {
    paddingHorizontal: 12,
    paddingVertical: 8,
    borderRadius: 16,
    backgroundColor: '#ecfdf5',
    marginRight: 8,
    marginBottom: 8,
  },
  chipLabel: { color: '#047857', fontWeight: '600' },
  empty: { color: '#6b7280' },
  row: {
    flexDirection: 'row',
    justifyContent: 'space-between',
    alignItems: 'center',
    paddingVertical: 10,
    borderBottomWidth: StyleSheet.hairlineWidth,
    borderBottomColor: '#d1d5db',
  },
  title: { fontSize: 16, textTransform: 'capitalize' },
  meta: { fontSize: 13, color: '#6b7280', marginTop: 2 },
  synced: { color: '#047857' },
  pending: { color: '#b45309' },
});
