import React, {useCallback, useEffect, useState} from 'react';
import {
  ActivityIndicator,
  FlatList,
  Pressable,
  RefreshControl,
  StyleSheet,
  Text,
  View,
} from 'react-native';
import {refreshAllFeeds} from '../api/feeds';
import {downloadEpisode} from '../downloads/downloader';
import {
  Episode,
  loadEpisodes,
  loadSettings,
  loadSubscriptions,
  updateEpisode,
} from '../storage/library';

function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

export default function LibraryScreen(): React.JSX.Element {
  const [episodes, setEpisodes] = useState<Episode[]>([]);
  const [refreshing, setRefreshing] = useState(false);
  const [downloadingId, setDownloadingId] = useState<string | null>(null);

  const reload = useCallback(async () => {
    setEpisodes(await loadEpisodes());
  }, []);

  useEffect(() => {
    reload();
  }, [reload]);

  const onRefresh = useCallback(async () => {
    setRefreshing(true);
    try {
      const [subscriptions, settings] = await Promise.all([loadSubscriptions(), loadSettings()]);
      await refreshAllFeeds(subscriptions, {autoDownload: settings.autoDownload});
      await reload();
    } catch (error) {
      console.warn('[library] refresh failed', error);
    } finally {
      setRefreshing(false);
    }
  }, [reload]);

  const onDownload = async (episode: Episode) => {
    setDownloadingId(episode.id);
    try {
      await downloadEpisode(episode);
      await reload();
    } catch (error) {
      console.warn('[library] download failed', error);
    } finally {
      setDownloadingId(null);
    }
  };

  const onTogglePlayed = async (episode: Episode) => {
    await updateEpisode(episode.id, {played: !episode.played});
    await reload();
  };

  return (
    <FlatList
      data={episodes}
      keyExtractor={item => item.id}
      refreshControl={<RefreshControl refreshing={refreshing} onRefresh={onRefresh} />}
      ListHeaderComponent={<Text style={styles.heading}>Library</Text>}
      ListEmptyComponent={
        <Text style={styles.empty}>Subscribe to a show and its new episodes appear here.</Text>
      }
      renderItem={({item}) => (
        <Pressable style={styles.row} onPress={() => onTogglePlayed(item)}>
          <View style={styles.rowText}>
            <Text style={[styles.title, item.played && styles.played]} numberOfLines={2}>
              {item.title}
            </Text>
            <Text style={styles.meta}>
              {new Date(item.publishedAt).toLocaleDateString()} ·{' '}
              {formatDuration(item.durationSeconds)}
              {item.localPath ? ' · downloaded' : ''}
            </Text>
          </View>
          {downloadingId === item.id ? (
            <ActivityIndicator />
          ) : item.localPath ? null : (
            <Pressable hitSlop={8} onPress={() => onDownload(item)}>
              <Text style={styles.action}>Download</Text>
            </Pressable>
          )}
        </Pressable>
      )}
    />
  );
}

const styles = StyleSheet.create({
  heading: {fontSize: 28, fontWeight: '700', paddingHorizontal: 16, paddingVertical: 12},
  empty: {paddingHorizontal: 16, color: '#8a8a8e'},
  row: {
    flexDirection: 'row',
    alignItems: 'center',
    paddingHorizontal: 16,
    paddingVertical: 10,
    borderBottomWidth: StyleSheet.hairlineWidth,
    borderBottomColor: '#c8c8c8',
  },
  rowText: {flex: 1, paddingRight: 12},
  title: {fontSize: 16, fontWeight: '500'},
  played: {color: '#8a8a8e'},
  meta: {fontSize: 13, color: '#8a8a8e', marginTop: 2},
  action: {color: '#7b2ff7', fontWeight: '600'},
});
