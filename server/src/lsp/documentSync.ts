/**
 * Checks document notifications before they reach the model. A client (or a broken extension) can send `text: null`,
 * a number, an object, or ranges that are not positions; such a message is dropped with a log line instead of taking
 * the server down.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';

export interface OpenParams {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

export interface ChangeParams {
  uri: string;
  version: number;
  changes: TextDocumentContentChangeEvent[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPosition = (v: unknown) => isObject(v) && isCount(v.line) && isCount(v.character);
const isRange = (v: unknown) => isObject(v) && isPosition(v.start) && isPosition(v.end);

export function openParams(p: unknown): OpenParams | string {
  const d = isObject(p) ? p.textDocument : undefined;
  if (!isObject(d) || typeof d.uri !== 'string') return 'didOpen without a document uri';
  if (typeof d.text !== 'string') return `didOpen of ${d.uri} without text`;
  if (typeof d.version !== 'number' || !Number.isInteger(d.version)) return `didOpen of ${d.uri} without a version`;
  return { uri: d.uri, languageId: typeof d.languageId === 'string' ? d.languageId : '', version: d.version, text: d.text };
}

export function changeParams(p: unknown): ChangeParams | string {
  const d = isObject(p) ? p.textDocument : undefined;
  if (!isObject(d) || typeof d.uri !== 'string') return 'didChange without a document uri';
  if (typeof d.version !== 'number' || !Number.isInteger(d.version)) return `didChange of ${d.uri} without a version`;
  const changes = isObject(p) ? p.contentChanges : undefined;
  if (!Array.isArray(changes)) return `didChange of ${d.uri} without contentChanges`;
  for (const c of changes) {
    if (!isObject(c) || typeof c.text !== 'string') return `didChange of ${d.uri} with a change that has no text`;
    if (c.range !== undefined && !isRange(c.range)) return `didChange of ${d.uri} with a range that is not a range`;
  }
  return { uri: d.uri, version: d.version, changes: changes as TextDocumentContentChangeEvent[] };
}
