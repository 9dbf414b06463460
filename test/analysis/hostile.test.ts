/**
 * Hostile repositories (issue "Hostile repositories"): reproductions written here, each a class fixed at its mechanism.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskFileSystem } from '../../server/src/analysis/project/fileSystem';
import { readInfoPlist } from '../../server/src/analysis/plist/infoPlist';
import { safe } from '../../server/src/lint/format/text';
import { infoPlist } from '../helpers/project';

describe('hostile input', () => {
  it('never reads devices or FIFOs, and does not block on a FIFO', () => {
    expect(diskFileSystem.readBytes('/dev/zero')).toBeUndefined();
    expect(diskFileSystem.readText('/dev/urandom')).toBeUndefined();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-fifo-'));
    try {
      const fifo = path.join(dir, 'Info.plist');
      try {
        execFileSync('mkfifo', [fifo]);
      } catch {
        return; // mkfifo missing: the device checks above still ran
      }
      expect(diskFileSystem.readText(fifo)).toBeUndefined();
      const regular = path.join(dir, 'ok.txt');
      writeFileSync(regular, 'hello');
      expect(diskFileSystem.readText(regular)).toBe('hello');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a plist with a byte-order mark reads like one without, at the same offsets', () => {
    const plain = infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] });
    const a = readInfoPlist('/p/Info.plist', plain);
    const b = readInfoPlist('/p/Info.plist', '\ufeff' + plain.slice(1 - 1));
    expect(b.problems).toEqual([]);
    expect(b.permitted?.entries.map((e) => e.raw)).toEqual(['com.example.app.refresh']);
    expect(b.permitted!.entries[0].valueSpan.start).toBe(a.permitted!.entries[0].valueSpan.start + 1);
  });

  it('escapes control characters in text output (no OSC 52, no line erase, no forged CI annotation)', () => {
    const id = 'com.x\u001b]52;c;ZXZpbA==\u0007\u001b[2K\r\n::error file=README.md,line=1::fake';
    const out = safe(`"${id}" is not permitted`);
    // eslint-disable-next-line no-control-regex -- control characters are what the test looks for.
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(out.split('\n')).toHaveLength(1);
    expect(out).toContain('\\x1b]52');
  });
});

describe('durations', () => {
  it('never prints 60 minutes', async () => {
    const { formatDuration } = await import('../../server/src/simulator/clock');
    expect(formatDuration(35999)).toBe('10 h');
    expect(formatDuration(3599)).toBe('1 h');
    expect(formatDuration(3570)).toBe('1 h');
    expect(formatDuration(3540)).toBe('59 min');
    expect(formatDuration(4 * 3600 + 5 * 60)).toBe('4 h 05 min');
  });
});
