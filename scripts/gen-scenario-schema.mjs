// Writes schemas/bgscenario.schema.json from the TypeBox scenario schema (server/src/simulator/scenarioSchema.ts).
// The TypeScript is bundled with esbuild into a temporary file and run; nothing else is needed.
// Usage: node scripts/gen-scenario-schema.mjs          write the file
//        node scripts/gen-scenario-schema.mjs --check  exit 1 if the committed file is out of date
// test/simulator/scenarioSchema.test.ts fails while the committed file differs from what this writes.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'schemas/bgscenario.schema.json');
const dir = mkdtempSync(path.join(tmpdir(), 'bgtasks-schema-'));
try {
  const outfile = path.join(dir, 'schema.mjs');
  await esbuild.build({ entryPoints: [path.join(root, 'server/src/simulator/scenarioJsonSchema.ts')], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
  const { scenarioJsonSchemaText } = await import(pathToFileURL(outfile).href);
  const text = scenarioJsonSchemaText();
  let current = null;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // Missing: written below (or reported by --check).
  }
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`${path.relative(root, target)} is out of date: run node scripts/gen-scenario-schema.mjs`);
      process.exitCode = 1;
    }
  } else if (current === text) {
    console.log(`${path.relative(root, target)} is up to date`);
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${path.relative(root, target)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
