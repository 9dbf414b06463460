/**
 * The length-preserving Swift 6 rewrite run before parsing (server/src/analysis/swift/swift6Rewrite.ts): each construct
 * the vendored grammar cannot parse parses cleanly after it; strings, comments and regex literals are left alone; empty
 * parentheses of calls, declarations and types stay; lengths, offsets and every other character are kept; the rewrite
 * is idempotent and linear; and the workspace and the incremental LSP reparse both parse the prepared text.
 */
import fc from 'fast-check';
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { getParser, parseWith } from '../../server/src/analysis/parsing/treeSitter';
import { preparedChangeOutsideEdit, prepareSwiftForParse } from '../../server/src/analysis/swift/swift6Rewrite';
import { Documents } from '../../server/src/lsp/documents';
import { build, lintFiles, ROOT } from '../helpers/project';

let parser: Parser;
beforeAll(async () => {
  parser = await getParser('swift');
});

/** ERROR / MISSING nodes of a parse, as "type@offset" (empty when clean). */
function problems(text: string): string[] {
  const r = parseWith(parser, text);
  if ('error' in r) throw new Error(r.error);
  const out: string[] = [];
  const walk = r.tree.walk();
  let done = false;
  while (!done) {
    const n = walk.currentNode;
    if (n.isError || n.isMissing) out.push(`${n.isMissing ? 'MISSING' : 'ERROR'}@${n.startIndex}`);
    if (n.hasError && walk.gotoFirstChild()) continue;
    while (!walk.gotoNextSibling()) {
      if (!walk.gotoParent()) {
        done = true;
        break;
      }
    }
  }
  walk.delete();
  r.tree.delete();
  return out;
}

/** Positions where the rewrite changed a character must hold ASCII (not a line break) before, and ` []nil` after. */
function checkShape(input: string, output: string): void {
  expect(output.length).toBe(input.length);
  for (let i = 0; i < input.length; i++) {
    const a = input.charCodeAt(i);
    const b = output.charCodeAt(i);
    if (a === b) continue;
    if (a >= 0x80 || a === 10 || a === 13 || !' []nil'.includes(output[i])) {
      throw new Error(`changed ${JSON.stringify(input[i])} → ${JSON.stringify(output[i])} at ${i} in ${JSON.stringify(input)}`);
    }
  }
}

const HANDLER = `import BackgroundTasks
import UIKit

final class RefreshScheduler: @unchecked Sendable {
    static let shared = RefreshScheduler()

    func register() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            self.handle(task as! BGAppRefreshTask)
        }
    }

    func handle(_ task: BGAppRefreshTask) {
        nonisolated(unsafe) let task = task
        task.expirationHandler = { task.setTaskCompleted(success: false) }
        Task {
            let result = await self.refresh()
            task.setTaskCompleted(success: (try? result.get()) != nil)
        }
    }

    func refresh() async -> Result<Void, Error> {
        do {
            try await Feed.shared.reload()
            return .success(())
        } catch {
            return .failure(error)
        }
    }
}
`;

describe('prepareSwiftForParse: each construct parses cleanly after the rewrite', () => {
  const cases: [string, string][] = [
    ['a BGAppRefreshTask handler with nonisolated(unsafe) and .success(())', HANDLER],
    ['nonisolated(unsafe) on a local let', 'func f(task: BGTask) {\n    nonisolated(unsafe) let task = task\n    use(task)\n}\n'],
    ['nonisolated(unsafe) on a stored property', 'final class C {\n    nonisolated(unsafe) static var shared = C()\n}\n'],
    ['nonisolated(nonsending) on a function type', 'let work: nonisolated(nonsending) () async -> Void = {}\n'],
    ['return .success(())', 'func f() -> Result<Void, Error> {\n    return .success(())\n}\n'],
    ['continuation.resume(returning: ())', 'func f(c: CheckedContinuation<Void, Never>) {\n    c.resume(returning: ())\n}\n'],
    ['subject.send(()) and = ()', 'func f() {\n    subject.send(())\n    let unit = ()\n    let pair = (1, ())\n    _ = (unit, pair)\n}\n'],
    ['return () and { _ in () }', 'func f() {\n    xs.forEach { _ in () }\n    return ()\n}\n'],
    ['() as a statement after default:', 'func f(s: Int) {\n    switch s {\n    case 1:\n        print(s)\n    default:\n        ()\n    }\n}\n'],
    ['isolated deinit', 'actor Store {\n    var items: [Int] = []\n    isolated deinit {\n        items.removeAll()\n    }\n}\n'],
    ['#isolation and an isolated parameter', 'func run(isolation: isolated (any Actor)? = #isolation) async {\n    await work()\n}\n'],
    ['typed throws', 'enum RefreshError: Error { case offline }\nfunc reload() throws(RefreshError) -> Int {\n    throw .offline\n}\n'],
    ['do throws(E)', 'func f() {\n    do throws(RefreshError) {\n        try reload()\n    } catch {\n        print(error)\n    }\n}\n'],
    ['a sending parameter and result', 'func hand(_ value: sending Payload) -> sending Payload {\n    value\n}\n'],
    ['sending in a function type', 'let f: @Sendable (sending Payload) -> Void = { _ in }\n'],
    ['consume x', 'func f(_ data: [UInt8]) {\n    let owned = consume data\n    use(owned)\n}\n'],
  ];
  for (const [name, src] of cases) {
    it(name, () => {
      const prepared = prepareSwiftForParse(src);
      checkShape(src, prepared);
      expect(problems(src), 'the grammar fails on it unprepared').not.toEqual([]);
      expect(problems(prepared), prepared).toEqual([]);
    });
  }

  it('keeps try and await (they mark throwing and suspending exits)', () => {
    const prepared = prepareSwiftForParse(HANDLER);
    expect(prepared).toContain('try await Feed.shared.reload()');
    expect(prepared).toContain('let result = await self.refresh()');
    expect(prepared).toContain('return .success([])');
    expect(prepared).toContain('                    let task = task');
  });
});

describe('prepareSwiftForParse: what stays', () => {
  const untouched: [string, string][] = [
    ['calls and declarations', 'func f() {}\ninit() {}\nlet x = f()\nlet y = Foo<Int>()\nlet z = a?.b?()\nlazy var w = { 1 }()\nlet s = #selector(f)\n'],
    ['function types and Void', 'let h: () -> Void = {}\nlet g: (() -> ())? = nil\nfunc r() -> () {}\nvar cb: (() async throws -> Void)?\nlet k: (Int, ()) -> Void = { _, _ in }\n'],
    ['() in type positions', 'typealias Unit = ()\nlet s = PassthroughSubject<(), Never>()\nvar d: [String: ()] = [:]\nlet v: () = f()\n'],
    ['closure signatures', 'let c = { () -> Int in 1 }\nlet d = { () in }\nx.map { () async in }\n'],
    ['a declaration whose parameter type holds () -> (())', 'init(onClose: (() -> (()))? = nil) {}\nfunc f(_: ()) {}\n'],
    ['the words where they are not the keywords', 'let sending = true\nlet consume = sending ? 1 : 2\nvar isolated = false\nobj.consume(x)\nobj.isolated = true\nfunc throwsLater() throws {}\nlet nonisolated = 1\n'],
    ['member names', 'x.sending = .consume\nlet y = z.isolated\n'],
    ['plain nonisolated', 'nonisolated func f() {}\n'],
  ];
  for (const [name, src] of untouched) {
    it(name, () => {
      expect(prepareSwiftForParse(src)).toBe(src);
    });
  }

  it('returns the same string object when nothing changed', () => {
    const src = 'import UIKit\nfunc f() { g() }\n';
    expect(prepareSwiftForParse(src)).toBe(src);
    expect(prepareSwiftForParse('')).toBe('');
  });

  const insideLiterals: [string, string][] = [
    ['a string', 'let s = "nonisolated(unsafe) return () #isolation consume x throws(E)"\n'],
    ['a multi-line string', 'let s = """\n    nonisolated(unsafe) let t = t\n    return .success(())\n    """\n'],
    ['a raw string with a quote inside', 'let s = #"a "quoted" nonisolated(unsafe) .success(()) "#\n'],
    ['a raw multi-line string', 'let s = #"""\n    """ isolated deinit\n    x: sending T\n    """#\n'],
    ['an interpolation', 'let s = "value: \\(f(()))  \\(g("nested \\(h(()))"))"\n'],
    ['a line comment', '// nonisolated(unsafe) let x = ()  return ()\nlet a = 1\n'],
    ['nested block comments', '/* outer /* inner: = () */ consume x, isolated deinit */\nlet a = 1\n'],
    ['a doc comment', '/// Calls `completion(.success(()))` with `#isolation`.\nfunc f() {}\n'],
    ['an extended regex literal', 'let r = #/nonisolated(unsafe) (()) /#\n'],
    ['a bare regex literal', 'let r = /(),\\s*()/\n'],
  ];
  for (const [name, src] of insideLiterals) {
    it(`leaves ${name} alone`, () => {
      expect(prepareSwiftForParse(src)).toBe(src);
    });
  }

  it('rewrites code after a literal that holds the words', () => {
    const src = 'let s = "return ()"; let t = /* () */ ()\nf(#"()"#, ())\n';
    expect(prepareSwiftForParse(src)).toBe('let s = "return ()"; let t = /* () */ []\nf(#"()"#, [])\n');
  });

  it('keeps non-ASCII characters and offsets around rewrites', () => {
    const src = 'let émoji = "😀"; nonisolated(unsafe) let π = ()  // ünïcode ()\n';
    const out = prepareSwiftForParse(src);
    checkShape(src, out);
    expect(out).toBe('let émoji = "😀";                     let π = []  // ünïcode ()\n');
    expect(out.indexOf('π')).toBe(src.indexOf('π'));
  });
});

describe('prepareSwiftForParse: properties', () => {
  const pieces = [
    'nonisolated(unsafe)', 'nonisolated(nonsending)', 'nonisolated', '(unsafe)', 'isolated', 'deinit', '#isolation', 'throws',
    'throws(E)', '(E)', 'sending', 'consume', 'try', 'await', 'return', 'in', 'func', 'init', 'typealias', '()', '(', ')',
    '[', ']', '{', '}', '<', '>', '->', ':', ',', '=', '?', '!', '.', '"', '"""', '#"', '"#', '#', '\\(', '\\', '//', '/*',
    '*/', '/', '#/', '/#', '`', ' ', ' ', '\t', '\n', '\r\n', 'x', 'T', '1', 'é', '😀', '\uD800', 'ü()',
  ];
  const swiftish = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 60 }).map((a) => a.join(''));

  it('keeps the length, changes only ASCII characters into " []nil", and is idempotent', () => {
    fc.assert(
      fc.property(swiftish, (src) => {
        const out = prepareSwiftForParse(src);
        checkShape(src, out);
        expect(prepareSwiftForParse(out)).toBe(out);
      }),
      { numRuns: 20000 },
    );
  });

  it('never touches arbitrary unicode text shape', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (src) => {
        checkShape(src, prepareSwiftForParse(src));
      }),
      { numRuns: 500 },
    );
  });

  // Speed is measured by `npm run bench`, not asserted here: this checks that pathological 1 MB lines end and keep
  // their length (a quadratic pass would make the suite's own timeout fire).
  it('ends on pathological 1 MB single lines and keeps their length', () => {
    const unit = 'let x = f(()) ; g(a: 1, b: "s\\(x) nonisolated(unsafe)") /* c */ nonisolated(unsafe) let t = task; h() ';
    const lines = [
      unit.repeat(Math.ceil((1 << 20) / unit.length)).slice(0, 1 << 20),
      '(/a'.repeat(350_000),
      '#/a'.repeat(350_000),
      'throws('.repeat(150_000),
      '"\\('.repeat(300_000),
      '('.repeat(1 << 20),
      ', ()'.repeat(262_144),
      ': sending '.repeat(100_000),
      '`a'.repeat(500_000),
    ];
    for (const line of lines) expect(prepareSwiftForParse(line).length, line.slice(0, 20)).toBe(line.length);
  });
});

describe('the rewrite in the analysis', () => {
  it('the workspace parses the prepared text: a Swift 6 handler has no syntax errors and its missing completion is found', async () => {
    const src = HANDLER.replace(
      '            task.setTaskCompleted(success: (try? result.get()) != nil)\n',
      '            guard case .success = result else { «return» }\n            task.setTaskCompleted(success: true)\n',
    );
    const b = build({ 'App/Refresh.swift': src });
    const r = await lintFiles(b.files);
    const sf = r.analysis.ws.source(path.join(ROOT, 'App/Refresh.swift'));
    expect(sf?.facts.hasSyntaxErrors).toBe(false);
    // Facts come from the original text: the identifier literal, and the register call's span.
    expect(JSON.stringify(sf?.facts.registrations[0]?.id)).toContain('com.example.app.refresh');
    const reg = sf!.facts.registrations[0];
    expect(sf!.text.slice(reg.span.start, reg.span.end)).toMatch(/^BGTaskScheduler\.shared\.register\(forTaskWithIdentifier: "com\.example\.app\.refresh", using: nil\) \{ task in[\s\S]*\}$/);
    const missing = r.findings.filter((f) => f.ruleId === 'missing-set-task-completed');
    expect(missing.map((f) => f.range.start.line)).toEqual([b.marks[0].start.line]);
  });

  it('the LSP reparse uses prepared text and matches a fresh parse after edits that change rewrites outside the edit', async () => {
    const docs = new Documents(parser);
    const uri = 'file:///proj/App/A.swift';
    let text = 'func f() -> Result<Void, Error> {\n    retur .success(())\n    let u = ()\n}\n';
    const opened = docs.open(uri, '/proj/App/A.swift', 'swift', 1, text);
    expect(opened.facts?.hasSyntaxErrors).toBe(false);
    const edits: { at: number; del: number; ins: string }[] = [
      { at: text.indexOf('retur') + 5, del: 0, ins: 'n' }, // `return .success(())`
      { at: text.indexOf('let u = ()') + 10, del: 0, ins: ' -> Void' }, // `let u = () -> Void`: the () becomes a type
      { at: text.indexOf('let u = ()') + 10, del: 8, ins: '' }, // and back
      { at: 0, del: 0, ins: 'typealias U = ()\n' },
    ];
    let version = 1;
    for (const e of edits) {
      const entry = docs.get(uri)!;
      const start = entry.doc.positionAt(e.at);
      const end = entry.doc.positionAt(e.at + e.del);
      text = text.slice(0, e.at) + e.ins + text.slice(e.at + e.del);
      const res = docs.change(uri, ++version, [{ range: { start, end }, text: e.ins }]);
      expect(docs.get(uri)!.doc.getText()).toBe(text);
      const fresh = parseWith(parser, prepareSwiftForParse(text));
      if ('error' in fresh) throw new Error(fresh.error);
      expect(docs.get(uri)!.tree!.rootNode.toString()).toBe(fresh.tree.rootNode.toString());
      expect(res?.facts?.hasSyntaxErrors).toBe(fresh.tree.rootNode.hasError);
      fresh.tree.delete();
    }
    expect(problems(prepareSwiftForParse(text))).toEqual([]);
    docs.close(uri);
  });

  it('preparedChangeOutsideEdit spans rewrites that changed beside the edited text', () => {
    const before = 'retur ()';
    const after = 'return ()';
    expect(preparedChangeOutsideEdit(before, prepareSwiftForParse(before), after, prepareSwiftForParse(after))).toEqual({ start: 7, end: 9 });
    expect(preparedChangeOutsideEdit('f()', 'f()', 'g()', 'g()')).toBeUndefined();
  });
});
