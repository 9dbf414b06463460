// The least any Node.js linter of Swift sources must do (issue 11's yardstick check): start node, list the folder, and
// read every .swift file once, searching each for one word. No parsing, no rules. field.bench.mjs runs it beside
// bgtasks and ast-grep, so the floor a Node tool cannot go under is measured on the same machine, in the same pairs.
//   node test/bench/read-floor.cjs <dir>
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const SKIP = new Set(['.git', 'node_modules', 'Pods', 'build', 'DerivedData', 'Carthage']);
let files = 0;
let hits = 0;
const walk = (dir) => {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(full);
    } else if (e.isFile() && e.name.endsWith('.swift')) {
      files++;
      if (fs.readFileSync(full).indexOf('BGTask') >= 0) hits++;
    }
  }
};
walk(path.resolve(process.argv[2] ?? '.'));
process.stdout.write(JSON.stringify({ files, hits }) + '\n');
