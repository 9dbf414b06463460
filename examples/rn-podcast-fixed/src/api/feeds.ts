import {Episode, Subscription, mergeEpisodes, saveSubscriptions} from '../storage/library';

const API_BASE = 'https://api.podcast.example.com/v1';

type FeedResponse = {
  episodes: Array<{
    guid: string;
    title: string;
    enclosure_url: string;
    published_at: string;
    duration: number;
  }>;
};

async function fetchEpisodes(subscription: Subscription): Promise<Episode[]> {
  const since = subscription.lastCheckedAt
    ? `?since=${encodeURIComponent(subscription.lastCheckedAt)}`
    : '';
  const response = await fetch(`${API_BASE}/podcasts/${subscription.id}/episodes${since}`, {
    headers: {Accept: 'application/json'},
  });
  if (!response.ok) {
    throw new Error(`${subscription.title}: HTTP ${response.status}`);
  }
  const body = (await response.json()) as FeedResponse;
  return body.episodes.map(item => ({
    id: item.guid,
    podcastId: subscription.id,
    title: item.title,
    audioUrl: item.enclosure_url,
    publishedAt: item.published_at,
    durationSeconds: item.duration,
    played: false,
    queuedForDownload: false,
  }));
}

/**
 * Checks every subscription for new episodes and stores them. With auto-download on, the new
 * episodes are queued for download. Returns the episodes that were not known before.
 */
export async function refreshAllFeeds(
  subscriptions: Subscription[],
  options: {autoDownload: boolean},
): Promise<Episode[]> {
  const checkedAt = new Date().toISOString();
  const results = await Promise.allSettled(subscriptions.map(fetchEpisodes));
  const incoming: Episode[] = [];
  const updated = subscriptions.map((subscription, index) => {
    const result = results[index];
    if (result.status === 'rejected') {
      console.warn(`[feeds] ${String(result.reason)}`);
      return subscription;
    }
    for (const episode of result.value) {
      incoming.push({...episode, queuedForDownload: options.autoDownload});
    }
    return {...subscription, lastCheckedAt: checkedAt};
  });
  await saveSubscriptions(updated);
  return mergeEpisodes(incoming);
}
