import RNFS from 'react-native-fs';
import {Episode, loadEpisodes, updateEpisode} from '../storage/library';

const EPISODES_DIR = `${RNFS.DocumentDirectoryPath}/episodes`;
const activeJobs = new Set<number>();

function localPathFor(episode: Episode): string {
  const extension = episode.audioUrl.split('?')[0].split('.').pop() || 'mp3';
  const safeId = episode.id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return `${EPISODES_DIR}/${episode.podcastId}-${safeId}.${extension}`;
}

export async function downloadEpisode(episode: Episode): Promise<string> {
  await RNFS.mkdir(EPISODES_DIR);
  const toFile = localPathFor(episode);
  const {jobId, promise} = RNFS.downloadFile({
    fromUrl: episode.audioUrl,
    toFile,
    background: true,
    discretionary: true,
  });
  activeJobs.add(jobId);
  try {
    const result = await promise;
    if (result.statusCode < 200 || result.statusCode >= 300) {
      await RNFS.unlink(toFile).catch(() => undefined);
      throw new Error(`Downloading "${episode.title}" failed with HTTP ${result.statusCode}`);
    }
  } finally {
    activeJobs.delete(jobId);
  }
  await updateEpisode(episode.id, {localPath: toFile, queuedForDownload: false});
  return toFile;
}

export async function countQueuedDownloads(): Promise<number> {
  const episodes = await loadEpisodes();
  return episodes.filter(episode => episode.queuedForDownload && !episode.localPath).length;
}

/** Downloads up to `limit` queued episodes, newest first. Returns how many finished. */
export async function downloadQueuedEpisodes(limit: number): Promise<number> {
  const episodes = await loadEpisodes();
  const queued = episodes.filter(episode => episode.queuedForDownload && !episode.localPath);
  let finished = 0;
  for (const episode of queued.slice(0, limit)) {
    await downloadEpisode(episode);
    finished += 1;
  }
  return finished;
}

/** Deletes the audio of episodes that have been played. Returns how many files were removed. */
export async function deletePlayedEpisodes(): Promise<number> {
  const episodes = await loadEpisodes();
  let removed = 0;
  for (const episode of episodes) {
    if (!episode.played || !episode.localPath) {
      continue;
    }
    if (await RNFS.exists(episode.localPath)) {
      await RNFS.unlink(episode.localPath);
      removed += 1;
    }
    await updateEpisode(episode.id, {localPath: undefined});
  }
  return removed;
}

/** Cancels every download in flight (used when iOS is about to suspend the app). */
export function stopAllDownloads(): void {
  activeJobs.forEach(jobId => RNFS.stopDownload(jobId));
  activeJobs.clear();
}
