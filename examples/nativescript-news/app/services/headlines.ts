import { File, Http, knownFolders, path } from '@nativescript/core';

export interface Headline {
  id: string;
  title: string;
  source: string;
  url: string;
  imageUrl?: string;
  publishedAt: string;
}

interface HeadlinesResponse {
  status: 'ok' | 'error';
  articles: Headline[];
}

interface CachedHeadlines {
  savedAt: string | null;
  headlines: Headline[];
}

const API_URL = 'https://api.news.example.org/v2/top-headlines?country=us&pageSize=30';

const headlinesFile = () => File.fromPath(path.join(knownFolders.documents().path, 'headlines.json'));
const readStateFile = () => File.fromPath(path.join(knownFolders.documents().path, 'read-state.json'));

let readIds: Set<string> | undefined;

export async function fetchTopHeadlines(): Promise<Headline[]> {
  const body = await Http.getJSON<HeadlinesResponse>({
    url: API_URL,
    method: 'GET',
    headers: { Accept: 'application/json' },
    timeout: 20000,
  });
  if (body.status !== 'ok') {
    throw new Error('the headline service answered with an error');
  }
  return body.articles;
}

export function saveHeadlines(headlines: Headline[]): void {
  const cached: CachedHeadlines = { savedAt: new Date().toISOString(), headlines };
  headlinesFile().writeTextSync(JSON.stringify(cached));
}

export function loadCachedHeadlines(): CachedHeadlines {
  const text = headlinesFile().readTextSync();
  if (!text) {
    return { savedAt: null, headlines: [] };
  }
  try {
    return JSON.parse(text) as CachedHeadlines;
  } catch {
    return { savedAt: null, headlines: [] };
  }
}

function readState(): Set<string> {
  if (!readIds) {
    const text = readStateFile().readTextSync();
    readIds = new Set<string>(text ? (JSON.parse(text) as string[]) : []);
  }
  return readIds;
}

export function isRead(id: string): boolean {
  return readState().has(id);
}

export function markRead(id: string): void {
  readState().add(id);
}

/** Writes the read state to disk; called when the app goes to the background. */
export function flushReadState(): Promise<void> {
  const ids = Array.from(readState()).slice(-500);
  return readStateFile().writeText(JSON.stringify(ids));
}
