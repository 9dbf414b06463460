// Which build the benchmarks run: $BGTASKS_DIST (a folder holding cli.js and server.js, e.g. a clean build of
// another checkout), else this checkout's dist/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const DIST = process.env.BGTASKS_DIST ? path.resolve(process.env.BGTASKS_DIST) : path.resolve(here, '../../dist');
export const CLI = path.join(DIST, 'cli.js');
export const SERVER = path.join(DIST, 'server.js');

export function checkDist() {
  if (!existsSync(CLI)) throw new Error(`no build at ${DIST} (set BGTASKS_DIST or run npm run build:production)`);
  return DIST;
}
