/** SARIF 2.1.0 for GitHub code scanning: one run, rules from the registry, results with regions. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRules } from '../../rules';
import type { Severity } from '../../rules/types';
import type { LintResult } from '../engine';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
export const DOCS_BASE = 'https://github.com/bgtasks/bgtasks/blob/main/docs/rules/';

export function formatSarif(results: LintResult[], cwd: string, version: string): string {
  const ruleIndex = new Map(allRules.map((r, i) => [r.meta.id, i]));
  const base = pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href;
  const uri = (file: string) => {
    const rel = path.relative(cwd, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' } : { uri: pathToFileURL(file).href };
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bgtasks',
            version,
            informationUri: 'https://github.com/bgtasks/bgtasks',
            rules: allRules.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.description },
              helpUri: DOCS_BASE + r.meta.id + '.md',
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
              properties: { category: r.meta.category },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: base } },
        results: results.flatMap((r) =>
          r.findings.map((f) => ({
            ruleId: f.ruleId,
            ruleIndex: ruleIndex.get(f.ruleId) ?? 0,
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: uri(f.file),
                  region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
                },
              },
            ],
            relatedLocations: f.related.map((rel, i) => ({ id: i + 1, message: { text: rel.message }, physicalLocation: { artifactLocation: uri(rel.file) } })),
            partialFingerprints: { primaryLocationLineHash: `${f.ruleId}:${f.taskId ?? ''}:${path.basename(f.file)}` },
          })),
        ),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
