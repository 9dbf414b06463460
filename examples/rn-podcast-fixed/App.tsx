/**
 * Podcast: subscriptions, new-episode checks in the background and offline downloads.
 *
 * @format
 */

import React, {useEffect, useState} from 'react';
import {
  AppState,
  Platform,
  Pressable,
  SafeAreaView,
  StatusBar,
  StyleSheet,
  Text,
  View,
  useColorScheme,
} from 'react-native';
import Purchases from 'react-native-purchases';
import {initBackgroundFetch, schedulePrefetchIfNeeded} from './src/background/BackgroundSync';
import LibraryScreen from './src/screens/LibraryScreen';
import SettingsScreen from './src/screens/SettingsScreen';

const REVENUECAT_APPLE_API_KEY = 'appl_kXqPzRvTmWcYhLdNbGsJeFu';

type Tab = 'library' | 'settings';

function App(): React.JSX.Element {
  const isDarkMode = useColorScheme() === 'dark';
  const [tab, setTab] = useState<Tab>('library');

  useEffect(() => {
    if (Platform.OS === 'ios') {
      Purchases.configure({apiKey: REVENUECAT_APPLE_API_KEY});
    }

    initBackgroundFetch().catch(error => {
      console.warn('[BackgroundFetch] configure failed', error);
    });

    const subscription = AppState.addEventListener('change', state => {
      if (state === 'background') {
        schedulePrefetchIfNeeded().catch(error => {
          console.warn('[BackgroundFetch] could not schedule the prefetch', error);
        });
      }
    });
    return () => subscription.remove();
  }, []);

  return (
    <SafeAreaView style={[styles.container, isDarkMode && styles.containerDark]}>
      <StatusBar barStyle={isDarkMode ? 'light-content' : 'dark-content'} />
      <View style={styles.content}>
        {tab === 'library' ? <LibraryScreen /> : <SettingsScreen />}
      </View>
      <View style={styles.tabBar}>
        <TabButton label="Library" active={tab === 'library'} onPress={() => setTab('library')} />
        <TabButton label="Settings" active={tab === 'settings'} onPress={() => setTab('settings')} />
      </View>
    </SafeAreaView>
  );
}

function TabButton(props: {label: string; active: boolean; onPress: () => void}) {
  return (
    <Pressable
      accessibilityRole="tab"
      accessibilityState={{selected: props.active}}
      onPress={props.onPress}
      style={styles.tab}>
      <Text style={[styles.tabLabel, props.active && styles.tabLabelActive]}>{props.label}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  container: {flex: 1, backgroundColor: '#ffffff'},
  containerDark: {backgroundColor: '#111111'},
  content: {flex: 1},
  tabBar: {
    flexDirection: 'row',
    borderTopWidth: StyleSheet.hairlineWidth,
    borderTopColor: '#c8c8c8',
  },
  tab: {flex: 1, paddingVertical: 12, alignItems: 'center'},
  tabLabel: {fontSize: 15, color: '#8a8a8e'},
  tabLabelActive: {color: '#7b2ff7', fontWeight: '600'},
});

export default App;
