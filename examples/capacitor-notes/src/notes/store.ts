import { Preferences } from '@capacitor/preferences';

export type Note = {
  id: string;
  title: string;
  body: string;
  updatedAt: string;
};

// @capacitor/preferences keeps these in UserDefaults as "CapacitorStorage.<key>", which is where
// the background runner (src/runners/background.js) reads them with CapacitorKV.
const NOTES_KEY = 'notes';
const TOKEN_KEY = 'auth.token';

export async function loadNotes(): Promise<Note[]> {
  const { value } = await Preferences.get({ key: NOTES_KEY });
  const notes = value ? (JSON.parse(value) as Note[]) : [];
  return notes.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

async function saveNotes(notes: Note[]): Promise<void> {
  await Preferences.set({ key: NOTES_KEY, value: JSON.stringify(notes) });
}

export async function upsertNote(note: Pick<Note, 'title' | 'body'> & { id?: string }): Promise<Note> {
  const notes = await loadNotes();
  const saved: Note = {
    id: note.id ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
    title: note.title.trim() || 'Untitled',
    body: note.body,
    updatedAt: new Date().toISOString(),
  };
  await saveNotes([saved, ...notes.filter((existing) => existing.id !== saved.id)]);
  return saved;
}

export async function deleteNote(id: string): Promise<void> {
  const notes = await loadNotes();
  await saveNotes(notes.filter((note) => note.id !== id));
}

export async function getAuthToken(): Promise<string | null> {
  const { value } = await Preferences.get({ key: TOKEN_KEY });
  return value;
}
