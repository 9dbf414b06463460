/**
 * The analysis reads files only through this interface, so the CLI (disk), the language server
 * (disk + open-document overlays) and tests (in-memory trees) share one engine.
 */
import { closeSync, constants, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export interface FileSystem {
  /** Text of a file, or undefined when it does not exist or cannot be read. */
  readText(file: string): string | undefined;
  /** Raw bytes (binary plists). */
  readBytes(file: string): Uint8Array | undefined;
  exists(file: string): boolean;
  /** Every file below `root` (absolute paths), skipping directories for which `skipDir` says true. */
  listFiles(root: string, skipDir: (dir: string, name: string) => boolean): string[];
  /** The path with symbolic links resolved (disk only; others return it unchanged). */
  realPath?(file: string): string;
}

/**
 * A view of `fs` that reads only inside `roots`, after resolving symbolic links: a project setting that points outside
 * the workspace (`INFOPLIST_FILE = $(SRCROOT)/../other/Info.plist`, an absolute path, a symlink, an xcconfig
 * `#include "../../x.xcconfig"`) reads nothing, so nothing outside is reported or edited. `inside` says which.
 */
export function confine(fs: FileSystem, roots: string[]): FileSystem & { inside(file: string): boolean } {
  const real = (f: string) => (fs.realPath ? fs.realPath(f) : path.resolve(f));
  const realRoots = roots.map((r) => real(path.resolve(r)));
  const memo = new Map<string, boolean>();
  const inside = (file: string): boolean => {
    let v = memo.get(file);
    if (v === undefined) {
      const r = real(path.resolve(file));
      v = realRoots.some((root) => r === root || r.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
      if (memo.size < 200_000) memo.set(file, v);
    }
    return v;
  };
  return {
    inside,
    readText: (f) => (inside(f) ? fs.readText(f) : undefined),
    readBytes: (f) => (inside(f) ? fs.readBytes(f) : undefined),
    exists: (f) => inside(f) && fs.exists(f),
    // The walk lists only regular files below real (not symlinked) folders, so every file it returns from a root that
    // is inside stays inside: remember that rather than resolving each path again (a realpath per file is a large
    // share of reading a big app).
    listFiles: (root, skipDir) => {
      const files = fs.listFiles(root, skipDir);
      if (fs.realPath && inside(root)) for (const f of files) if (memo.size < 200_000) memo.set(f, true);
      return files;
    },
    realPath: fs.realPath ? (f) => fs.realPath!(f) : undefined,
  };
}

/** Largest file the analysis reads (a source or plist past this is not one a person wrote). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Reads a regular file of at most MAX_FILE_BYTES. Devices (`/dev/zero`), FIFOs and sockets named by a project setting
 * are never read: the file is opened non-blocking (a FIFO would otherwise wait for a writer forever) and checked
 * with fstat before reading.
 */
const probe = Buffer.alloc(1);

function readRegular(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    // One read of the size fstat gave (readFileSync(fd) would fstat again); a file that grew meanwhile is read to
    // its end by the loop.
    let buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (readSync(fd, probe, 0, 1, null) === 0) break;
        const grown = Buffer.allocUnsafe(Math.min(MAX_FILE_BYTES + 1, buf.length * 2 + 1024));
        buf.copy(grown, 0, 0, n);
        grown[n++] = probe[0];
        buf = grown;
        if (n > MAX_FILE_BYTES) return undefined;
        continue;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    return n === buf.length ? buf : buf.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export const diskFileSystem: FileSystem = {
  readText(file) {
    return readRegular(file)?.toString('utf8');
  },
  readBytes(file) {
    return readRegular(file);
  },
  exists(file) {
    try {
      statSync(file);
      return true;
    } catch {
      return false;
    }
  },
  realPath(file) {
    try {
      return realpathSync(file);
    } catch {
      // Not there (yet): resolve the folder, keep the name.
      try {
        return path.join(realpathSync(path.dirname(file)), path.basename(file));
      } catch {
        return path.resolve(file);
      }
    }
  },
  listFiles(root, skipDir) {
    const out: string[] = [];
    const walk = (dir: string, depth: number) => {
      if (depth > 40) return;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!skipDir(full, e.name)) walk(full, depth + 1);
        } else if (e.isFile()) out.push(full);
      }
    };
    try {
      if (statSync(root).isFile()) return [root];
    } catch {
      return out;
    }
    walk(root, 0);
    return out;
  },
};

/** An in-memory file system (tests, benchmarks, and documents that exist only in the editor). */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, string | Uint8Array>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [k, v] of Object.entries(files)) this.files.set(path.resolve(k), v);
  }

  set(file: string, content: string | Uint8Array): void {
    this.files.set(path.resolve(file), content);
  }

  delete(file: string): void {
    this.files.delete(path.resolve(file));
  }

  readText(file: string): string | undefined {
    const v = this.files.get(path.resolve(file));
    if (v === undefined) return undefined;
    return typeof v === 'string' ? v : Buffer.from(v).toString('utf8');
  }

  readBytes(file: string): Uint8Array | undefined {
    const v = this.files.get(path.resolve(file));
    if (v === undefined) return undefined;
    return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  }

  exists(file: string): boolean {
    const f = path.resolve(file);
    if (this.files.has(f)) return true;
    const prefix = f.endsWith(path.sep) ? f : f + path.sep;
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  listFiles(root: string, skipDir: (dir: string, name: string) => boolean): string[] {
    const r = path.resolve(root);
    if (this.files.has(r)) return [r];
    const prefix = r.endsWith(path.sep) ? r : r + path.sep;
    return [...this.files.keys()].filter((k) => {
      if (!k.startsWith(prefix)) return false;
      const rel = k.slice(prefix.length).split(path.sep);
      let dir = r;
      for (const part of rel.slice(0, -1)) {
        dir = path.join(dir, part);
        if (skipDir(dir, part)) return false;
      }
      return true;
    });
  }
}
