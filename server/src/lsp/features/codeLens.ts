/** Code lenses above each registration: simulate launch / expiration on a device, open the task in the simulator. */
import type { CodeLens } from 'vscode-languageserver';
import type { Analysis } from '../../analysis/model/analysis';
import type { LineIndex } from '../../analysis/text/lineIndex';
import { Commands } from '../../protocol/lsp';

export function codeLenses(analysis: Analysis, file: string, lines: LineIndex): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const r of analysis.registrations()) {
    if (r.file !== file || r.id.value === undefined) continue;
    const id = analysis.display(r.id.value, r.scopes[0]);
    const start = lines.positionAt(r.reg.span.start);
    const range = { start: { line: start.line, character: 0 }, end: { line: start.line, character: 0 } };
    lenses.push({ range, command: { title: '▶ Simulate launch', command: Commands.simulateLaunch, arguments: [id] } });
    lenses.push({ range, command: { title: '⏹ Simulate expiration', command: Commands.simulateExpiration, arguments: [id] } });
    lenses.push({ range, command: { title: 'Open in simulator', command: Commands.openSimulator, arguments: [id] } });
  }
  return lenses;
}
