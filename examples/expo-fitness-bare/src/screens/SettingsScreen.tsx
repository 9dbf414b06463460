import * as BackgroundTask from 'expo-background-task';
import { useEffect, useState } from 'react';
import { Alert, Pressable, StyleSheet, Switch, Text, View } from 'react-native';
import {
  disableBackgroundUpload,
  enableBackgroundUpload,
  isBackgroundUploadEnabled,
} from '../background/uploadTask';

export default function SettingsScreen() {
  const [backgroundUpload, setBackgroundUpload] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    isBackgroundUploadEnabled().then(setBackgroundUpload);
  }, []);

  const toggleBackgroundUpload = async (enabled: boolean) => {
    setBusy(true);
    try {
      if (enabled) {
        const allowed = await enableBackgroundUpload();
        if (!allowed) {
          Alert.alert(
            'Background App Refresh is off',
            'Turn it on in Settings > General > Background App Refresh to upload workouts in the background.',
          );
        }
      } else {
        await disableBackgroundUpload();
      }
      setBackgroundUpload(await isBackgroundUploadEnabled());
    } finally {
      setBusy(false);
    }
  };

  return (
    <View style={styles.container}>
      <View style={styles.row}>
        <View style={styles.rowText}>
          <Text style={styles.label}>Upload workouts in the background</Text>
          <Text style={styles.note}>
            iOS picks the time, usually overnight while the phone charges.
          </Text>
        </View>
        <Switch
          value={backgroundUpload}
          disabled={busy}
          onValueChange={toggleBackgroundUpload}
        />
      </View>

      {__DEV__ && (
        <Pressable
          style={styles.debugButton}
          onPress={() => BackgroundTask.triggerTaskWorkerForTestingAsync()}>
          <Text style={styles.debugLabel}>Run background tasks now (debug builds)</Text>
        </Pressable>
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  container: { flex: 1, padding: 16 },
  row: { flexDirection: 'row', alignItems: 'center', paddingVertical: 12 },
  rowText: { flex: 1, paddingRight: 12 },
  label: { fontSize: 16 },
  note: { fontSize: 13, color: '#6b7280', marginTop: 2 },
  debugButton: { marginTop: 24, padding: 12, borderRadius: 8, backgroundColor: '#f3f4f6' },
  debugLabel: { color: '#2563eb', textAlign: 'center' },
});
