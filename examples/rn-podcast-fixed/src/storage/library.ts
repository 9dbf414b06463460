import AsyncStorage from '@react-native-async-storage/async-storage';

export type Subscription = {
  id: string;
  title: string;
  feedUrl: string;
  lastCheckedAt?: string;
};

export type Episode = {
  id: string;
  podcastId: string;
  title: string;
  audioUrl: string;
  publishedAt: string;
  durationSeconds: number;
  localPath?: string;
  played: boolean;
  queuedForDownload: boolean;
};

export type Settings = {
  refreshIntervalMinutes: number;
  autoDownload: boolean;
  autoDeletePlayed: boolean;
};

const SUBSCRIPTIONS_KEY = '@podcast/subscriptions';
const EPISODES_KEY = '@podcast/episodes';
const SETTINGS_KEY = '@podcast/settings';

export const DEFAULT_SETTINGS: Settings = {
  refreshIntervalMinutes: 60,
  autoDownload: true,
  autoDeletePlayed: false,
};

async function readJSON<T>(key: string, fallback: T): Promise<T> {
  const raw = await AsyncStorage.getItem(key);
  if (raw == null) {
    return fallback;
  }
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

export function loadSubscriptions(): Promise<Subscription[]> {
  return readJSON<Subscription[]>(SUBSCRIPTIONS_KEY, []);
}

export async function saveSubscriptions(subscriptions: Subscription[]): Promise<void> {
  await AsyncStorage.setItem(SUBSCRIPTIONS_KEY, JSON.stringify(subscriptions));
}

export function loadEpisodes(): Promise<Episode[]> {
  return readJSON<Episode[]>(EPISODES_KEY, []);
}

export async function saveEpisodes(episodes: Episode[]): Promise<void> {
  await AsyncStorage.setItem(EPISODES_KEY, JSON.stringify(episodes));
}

/** Stores the episodes that are not known yet and returns them, newest first. */
export async function mergeEpisodes(incoming: Episode[]): Promise<Episode[]> {
  const existing = await loadEpisodes();
  const known = new Set(existing.map(episode => episode.id));
  const fresh = incoming.filter(episode => !known.has(episode.id));
  if (fresh.length > 0) {
    const merged = [...fresh, ...existing].sort((a, b) =>
      b.publishedAt.localeCompare(a.publishedAt),
    );
    await saveEpisodes(merged);
  }
  return fresh;
}

export async function updateEpisode(id: string, patch: Partial<Episode>): Promise<void> {
  const episodes = await loadEpisodes();
  await saveEpisodes(
    episodes.map(episode => (episode.id === id ? {...episode, ...patch} : episode)),
  );
}

export async function loadSettings(): Promise<Settings> {
  const stored = await readJSON<Partial<Settings>>(SETTINGS_KEY, {});
  return {...DEFAULT_SETTINGS, ...stored};
}

export async function saveSettings(settings: Settings): Promise<void> {
  await AsyncStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
}
