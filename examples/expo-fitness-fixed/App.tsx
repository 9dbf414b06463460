import * as BackgroundTask from 'expo-background-task';
import { StatusBar } from 'expo-status-bar';
import * as TaskManager from 'expo-task-manager';
import { useEffect, useState } from 'react';
import { Pressable, SafeAreaView, StyleSheet, Text, View } from 'react-native';
import { PLAN_SYNC_TASK, syncTrainingPlan } from './src/plans/trainingPlan';
import SettingsScreen from './src/screens/SettingsScreen';
import WorkoutsScreen from './src/screens/WorkoutsScreen';

type Tab = 'workouts' | 'settings';

// Keep the coach's plan for the week current even when the app is not opened. Defined at module
// scope: iOS can start the app in the background just to run it, before any component mounts.
TaskManager.defineTask(PLAN_SYNC_TASK, async () => {
  try {
    await syncTrainingPlan();
    return BackgroundTask.BackgroundTaskResult.Success;
  } catch (error) {
    console.warn('[plan] background sync failed', error);
    return BackgroundTask.BackgroundTaskResult.Failed;
  }
});

export default function App() {
  const [tab, setTab] = useState<Tab>('workouts');

  useEffect(() => {
    const registerPlanSync = async () => {
      if (!(await TaskManager.isTaskRegisteredAsync(PLAN_SYNC_TASK))) {
        await BackgroundTask.registerTaskAsync(PLAN_SYNC_TASK, { minimumInterval: 15 });
      }
    };
    registerPlanSync().catch((error) => console.warn('[plan] could not register the sync', error));
  }, []);

  return (
    <SafeAreaView style={styles.container}>
      <View style={styles.content}>{tab === 'workouts' ? <WorkoutsScreen /> : <SettingsScreen />}</View>
      <View style={styles.tabBar}>
        {(['workouts', 'settings'] as const).map((name) => (
          <Pressable key={name} style={styles.tab} onPress={() => setTab(name)}>
            <Text style={[styles.tabLabel, tab === name && styles.tabLabelActive]}>
              {name === 'workouts' ? 'Workouts' : 'Settings'}
            </Text>
          </Pressable>
        ))}
      </View>
      <StatusBar style="dark" />
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  container: { flex: 1, backgroundColor: '#ffffff' },
  content: { flex: 1 },
  tabBar: {
    flexDirection: 'row',
    borderTopWidth: StyleSheet.hairlineWidth,
    borderTopColor: '#d1d5db',
  },
  tab: { flex: 1, alignItems: 'center', paddingVertical: 12 },
  tabLabel: { fontSize: 15, color: '#6b7280' },
  tabLabelActive: { color: '#047857', fontWeight: '600' },
});
