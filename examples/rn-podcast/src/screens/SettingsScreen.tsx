import React, {useEffect, useState} from 'react';
import {Pressable, StyleSheet, Switch, Text, View} from 'react-native';
import BackgroundFetch from 'react-native-background-fetch';
import {cancelCleanup, onBackgroundEvent, scheduleCleanup} from '../background/BackgroundSync';
import {DEFAULT_SETTINGS, Settings, loadSettings, saveSettings} from '../storage/library';

const REFRESH_INTERVALS = [15, 30, 60, 180];

export default function SettingsScreen(): React.JSX.Element {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);

  useEffect(() => {
    loadSettings().then(setSettings);
  }, []);

  const update = async (patch: Partial<Settings>) => {
    const next = {...settings, ...patch};
    setSettings(next);
    await saveSettings(next);
  };

  const changeInterval = async (minutes: number) => {
    await update({refreshIntervalMinutes: minutes});
    // Apply the new interval now instead of on the next launch.
    await BackgroundFetch.configure(
      {
        minimumFetchInterval: minutes,
        stopOnTerminate: false,
        startOnBoot: true,
        requiredNetworkType: BackgroundFetch.NETWORK_TYPE_ANY,
      },
      onBackgroundEvent,
    );
  };

  const toggleAutoDelete = async (enabled: boolean) => {
    await update({autoDeletePlayed: enabled});
    if (enabled) {
      await scheduleCleanup();
    } else {
      await cancelCleanup();
    }
  };

  return (
    <View style={styles.container}>
      <Text style={styles.heading}>Settings</Text>

      <Text style={styles.section}>Check for new episodes</Text>
      <View style={styles.choices}>
        {REFRESH_INTERVALS.map(minutes => (
          <Pressable
            key={minutes}
            accessibilityRole="radio"
            accessibilityState={{checked: settings.refreshIntervalMinutes === minutes}}
            onPress={() => changeInterval(minutes)}
            style={[
              styles.choice,
              settings.refreshIntervalMinutes === minutes && styles.choiceSelected,
            ]}>
            <Text>{minutes < 60 ? `${minutes} min` : `${minutes / 60} h`}</Text>
          </Pressable>
        ))}
      </View>
      <Text style={styles.note}>
        iOS decides when the check actually runs; this is the shortest gap between two checks.
      </Text>

      <View style={styles.row}>
        <Text style={styles.label}>Download new episodes</Text>
        <Switch
          value={settings.autoDownload}
          onValueChange={enabled => update({autoDownload: enabled})}
        />
      </View>
      <View style={styles.row}>
        <Text style={styles.label}>Delete played episodes</Text>
        <Switch value={settings.autoDeletePlayed} onValueChange={toggleAutoDelete} />
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  container: {flex: 1, paddingHorizontal: 16},
  heading: {fontSize: 28, fontWeight: '700', paddingVertical: 12},
  section: {fontSize: 13, color: '#8a8a8e', textTransform: 'uppercase', marginTop: 8},
  choices: {flexDirection: 'row', marginTop: 8},
  choice: {
    paddingHorizontal: 14,
    paddingVertical: 8,
    marginRight: 8,
    borderRadius: 16,
    borderWidth: 1,
    borderColor: '#c8c8c8',
  },
  choiceSelected: {borderColor: '#7b2ff7', backgroundColor: '#efe6ff'},
  note: {fontSize: 13, color: '#8a8a8e', marginTop: 8, marginBottom: 16},
  row: {
    flexDirection: 'row',
    alignItems: 'center',
    justifyContent: 'space-between',
    paddingVertical: 12,
    borderBottomWidth: StyleSheet.hairlineWidth,
    borderBottomColor: '#c8c8c8',
  },
  label: {fontSize: 16},
});
