import './style.css';
import { backUpNow, lastBackupAt } from './backup/backup';
import { deleteNote, loadNotes, upsertNote, type Note } from './notes/store';

const app = document.querySelector<HTMLDivElement>('#app')!;

app.innerHTML = `
  <header>
    <h1>Notes</h1>
    <button id="new-note" type="button">New</button>
  </header>
  <ul id="note-list"></ul>
  <form id="editor" hidden>
    <input id="note-title" placeholder="Title" autocomplete="off" />
    <textarea id="note-body" rows="12" placeholder="Write something…"></textarea>
    <div class="actions">
      <button id="delete-note" type="button" class="danger">Delete</button>
      <button type="submit">Save</button>
    </div>
  </form>
  <footer>
    <span id="backup-status">Not backed up yet</span>
    <button id="backup-now" type="button">Back up now</button>
  </footer>
`;

const list = app.querySelector<HTMLUListElement>('#note-list')!;
const editor = app.querySelector<HTMLFormElement>('#editor')!;
const titleInput = app.querySelector<HTMLInputElement>('#note-title')!;
const bodyInput = app.querySelector<HTMLTextAreaElement>('#note-body')!;
const status = app.querySelector<HTMLSpanElement>('#backup-status')!;
const backupButton = app.querySelector<HTMLButtonElement>('#backup-now')!;

let editingId: string | undefined;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function renderList(): Promise<void> {
  const notes = await loadNotes();
  list.innerHTML = notes
    .map(
      (note) => `
        <li data-id="${note.id}">
          <strong>${escapeHtml(note.title)}</strong>
          <time>${new Date(note.updatedAt).toLocaleString()}</time>
        </li>`,
    )
    .join('');
}

function openEditor(note?: Note): void {
  editingId = note?.id;
  titleInput.value = note?.title ?? '';
  bodyInput.value = note?.body ?? '';
  editor.hidden = false;
  titleInput.focus();
}

async function showBackupStatus(): Promise<void> {
  try {
    const at = await lastBackupAt();
    status.textContent = at ? `Backed up ${at.toLocaleString()}` : 'Not backed up yet';
  } catch {
    status.textContent = 'Backup status unavailable';
  }
}

app.querySelector('#new-note')!.addEventListener('click', () => openEditor());

list.addEventListener('click', async (event) => {
  const item = (event.target as HTMLElement).closest<HTMLLIElement>('li[data-id]');
  if (!item) {
    return;
  }
  const notes = await loadNotes();
  openEditor(notes.find((note) => note.id === item.dataset.id));
});

editor.addEventListener('submit', async (event) => {
  event.preventDefault();
  await upsertNote({ id: editingId, title: titleInput.value, body: bodyInput.value });
  editor.hidden = true;
  await renderList();
});

app.querySelector('#delete-note')!.addEventListener('click', async () => {
  if (editingId && confirm('Delete this note?')) {
    await deleteNote(editingId);
  }
  editor.hidden = true;
  await renderList();
});

backupButton.addEventListener('click', async () => {
  backupButton.disabled = true;
  status.textContent = 'Backing up…';
  try {
    const result = await backUpNow();
    status.textContent = `Backed up ${result.backedUp} notes`;
  } catch (error) {
    status.textContent = `Backup failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    backupButton.disabled = false;
  }
});

renderList();
showBackupStatus();
