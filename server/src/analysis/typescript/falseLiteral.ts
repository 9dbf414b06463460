/**
 * Capacitor's BackgroundRunner reads `autoStart as? Bool ?? false`: a literal other than the boolean true is read as
 * false (false, null, undefined, and any string, 'true' included). Numbers are left alone: a JSON 1 may bridge to true.
 */
import type { Span } from '../text/lineIndex';

const READ_AS_FALSE = /^(?:false|null|undefined|'[^'\\\n]*'|"[^"\\\n]*"|`[^`$\\]*`)$/;

/** The autoStart value at `span` when it is such a literal: its text and span (what a fix replaces). */
export function readAsFalse(src: string, span: Span): { asFalse?: { text: string; span: Span } } {
  const text = src.slice(span.start, span.end);
  return READ_AS_FALSE.test(text) ? { asFalse: { text, span: { start: span.start, end: span.end } } } : {};
}
