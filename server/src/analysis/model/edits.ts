/**
 * Fixes as plain text edits: what rules produce, what rule helpers build and what the lint layer applies. A leaf
 * (it imports only the Span type), so rules and ruleSupport both depend on it without depending on each other.
 */
import type { Span } from '../text/lineIndex';

export interface TextEdit {
  file: string;
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix is safe to apply without looking (used by fix-all / fix-on-save). */
  safe: boolean;
  /** The best of several fixes. */
  preferred?: boolean;
}
