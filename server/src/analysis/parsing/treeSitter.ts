/**
 * Loads web-tree-sitter and the grammars once per process and parses with a time cap.
 * The grammars are .wasm files copied into dist/grammars by esbuild.mjs.
 */
import { existsSync, readFileSync } from 'node:fs';
import v8 from 'node:v8';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Node, Parser, type Tree } from 'web-tree-sitter';

export type GrammarName = 'swift' | 'typescript' | 'tsx' | 'objc';

const files: Record<GrammarName, string> = {
  swift: 'tree-sitter-swift.wasm',
  objc: 'tree-sitter-objc.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

function moduleDir(): string {
  // In the CJS bundles __dirname exists; under vitest (ESM source) import.meta.url does.
  if (typeof __dirname === 'string') return __dirname;
  return path.dirname(fileURLToPath(import.meta.url));
}

/** Finds the grammar directory: BGTASKS_GRAMMAR_DIR, ./grammars beside the bundle, or dist/grammars above. */
export function grammarDir(): string {
  const candidates: string[] = [];
  if (process.env.BGTASKS_GRAMMAR_DIR) candidates.push(process.env.BGTASKS_GRAMMAR_DIR);
  let dir = moduleDir();
  candidates.push(path.join(dir, 'grammars'));
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'dist', 'grammars'));
    dir = path.dirname(dir);
  }
  for (const c of candidates) if (existsSync(path.join(c, files.swift))) return c;
  throw new Error(`bgtasks: tree-sitter grammars not found (looked in ${candidates.join(', ')}); run "npm run build" first`);
}

/**
 * A node's type never changes, yet web-tree-sitter asks the WebAssembly side for it on every read (it writes the node
 * into WebAssembly memory, then calls in). The extractor reads types all the time: each node remembers its own after
 * the first read.
 */
function rememberNodeTypes(): void {
  const proto = Node.prototype as unknown as Record<string, unknown>;
  const desc = Object.getOwnPropertyDescriptor(proto, 'type');
  if (!desc?.get || (desc.get as { remembers?: boolean }).remembers) return;
  const read = desc.get;
  const get = function (this: { bgType?: string }): string {
    let t = this.bgType;
    if (t === undefined) {
      t = read.call(this) as string;
      this.bgType = t;
    }
    return t;
  };
  (get as { remembers?: boolean }).remembers = true;
  Object.defineProperty(proto, 'type', { ...desc, get });
}
rememberNodeTypes();

let initPromise: Promise<void> | undefined;
const languages = new Map<GrammarName, Language>();
const parsers = new Map<GrammarName, Parser>();

/**
 * V8 compiles WebAssembly first with Liftoff, then recompiles hot functions with TurboFan in the background. The
 * Swift grammar's lexer is one enormous function whose TurboFan compile takes ~4 s of a core (and memory), holds a
 * short-lived CLI process open until it finishes, and measured no faster than Liftoff code for parsing (see
 * docs/benchmarks.md). So grammars run on Liftoff only. Set before the first module is compiled.
 */
function preferLiftoff(): void {
  try {
    v8.setFlagsFromString('--liftoff-only');
  } catch {
    // Not fatal: only speed differs.
  }
}

let runtimeReady = false;

/** Starts web-tree-sitter's runtime (small); grammars load later, when something is to be parsed. */
export async function initRuntime(): Promise<void> {
  return init();
}

async function init(): Promise<void> {
  if (!initPromise) {
    preferLiftoff();
    const dir = grammarDir();
    initPromise = Parser.init({ locateFile: (name: string) => path.join(dir, name) }).then(() => {
      runtimeReady = true;
    });
  }
  return initPromise;
}

/**
 * Grammars load synchronously, one at a time. Emscripten links a grammar into the runtime through shared state, so two
 * loads in flight at once (Language.load awaits between steps) can resolve one grammar's symbols against another's
 * ("bad export type for 'tree_sitter_swift_external_scanner_create'"). A synchronous load cannot interleave with
 * anything, and on Liftoff it is no slower than the asynchronous one (Swift ~110 ms, TypeScript ~50 ms).
 */
function loadLanguageNow(name: GrammarName): Language {
  const known = languages.get(name);
  if (known) return known;
  preferLiftoff();
  const lang = Language.loadSync(new WebAssembly.Module(readFileSync(path.join(grammarDir(), files[name]))));
  languages.set(name, lang);
  return lang;
}

export async function loadLanguage(name: GrammarName): Promise<Language> {
  await init();
  return loadLanguageNow(name);
}

/** A parser for the grammar, created once and reused (parsers are cheap to reuse, costly to create). */
export async function getParser(name: GrammarName): Promise<Parser> {
  let parser = parsers.get(name);
  if (!parser) {
    const lang = await loadLanguage(name);
    // Another caller may have made it while this one waited for the runtime.
    parser = parsers.get(name);
    if (parser) return parser;
    parser = new Parser();
    parser.setLanguage(lang);
    parsers.set(name, parser);
  }
  return parser;
}

/**
 * The parser, loading the grammar synchronously if it is not loaded yet (compiled on this thread, functions compiled
 * lazily: tens of milliseconds). For callers that decided late that they must parse; needs initRuntime() done first.
 */
export function getParserSync(name: GrammarName): Parser {
  let parser = parsers.get(name);
  if (!parser) {
    if (!runtimeReady) throw new Error('bgtasks: the parser runtime is not started (initRuntime)');
    parser = new Parser();
    parser.setLanguage(loadLanguageNow(name));
    parsers.set(name, parser);
  }
  return parser;
}

/** Parse time budget per file; a file that takes longer is reported as skipped instead of hanging the lint. */
export const DEFAULT_PARSE_BUDGET_MS = 3000;

export type ParseResult = { tree: Tree } | { error: string };

/**
 * Parses `text`, optionally reusing `oldTree` (already edited with `tree.edit`) for an incremental reparse.
 * Never throws: a timeout or an internal failure comes back as `{ error }`.
 */
export function parseWith(parser: Parser, text: string, oldTree?: Tree | null, budgetMs = DEFAULT_PARSE_BUDGET_MS): ParseResult {
  const deadline = performance.now() + budgetMs;
  let timedOut = false;
  try {
    // The parser calls back very often; reading the clock on every call cost more than a tenth of a large app's lint.
    let ticks = 0;
    const tree = parser.parse(text, oldTree ?? null, {
      progressCallback: () => {
        if ((++ticks & 255) !== 0) return false;
        if (performance.now() > deadline) {
          timedOut = true;
          return true;
        }
        return false;
      },
    } as never);
    if (!tree) {
      parser.reset();
      return { error: timedOut ? `parsing took longer than ${budgetMs} ms and was stopped` : 'the parser returned no tree' };
    }
    return { tree };
  } catch (e) {
    parser.reset();
    return { error: `the parser failed: ${(e as Error).message}` };
  }
}

/**
 * Where a handler's first unreadable statement starts. Zero-width MISSING leaves (a parser's guess at a forgotten
 * token) do not count; an ERROR region does, and only path findings after it are withheld (a completion or `defer`
 * may hide in it), so one construct the grammar cannot read (Swift 6, an Objective-C macro) does not switch the
 * handler's checks off.
 */
export function syntaxErrorsOf(n: Node): { hasSyntaxErrors: boolean; errorAt?: number } {
  if (!n.hasError) return { hasSyntaxErrors: false };
  let first: number | undefined;
  const visit = (x: Node): void => {
    if (first !== undefined && x.startIndex >= first) return;
    if (x.isError && x.endIndex > x.startIndex) {
      first = x.startIndex;
      return;
    }
    if (!x.hasError) return;
    for (const c of x.children) if (c) visit(c);
  };
  visit(n);
  return first === undefined ? { hasSyntaxErrors: false } : { hasSyntaxErrors: true, errorAt: first };
}
