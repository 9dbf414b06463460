/**
 * The DEBUG-only Swift hook: naming scheme shared with the extension, "compiles to nothing" outside DEBUG, and a
 * syntax check with the project's vendored tree-sitter-swift grammar (no Swift compiler is available here).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';
import {
  detectHookVersion,
  HOOK_INSTALL_SNIPPET,
  HOOK_VERSION,
  hookNotificationName,
  hookSwiftSource,
} from '../../client/src/device/core/hook';

const swift = hookSwiftSource();

/** Lines of code with comments removed (the file has no block comments and no `//` inside strings). */
function codeLines(src: string): string[] {
  return src
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, '').trimEnd())
    .filter((l) => l.trim() !== '');
}

/** What the Swift compiler keeps when a condition is false: drop `#if COND … #endif` regions (no nesting here). */
function withoutRegion(lines: string[], cond: string): string[] {
  const out: string[] = [];
  let depth = 0;
  for (const l of lines) {
    const t = l.trim();
    if (depth === 0 && t === `#if ${cond}`) {
      depth = 1;
      continue;
    }
    if (depth > 0) {
      if (t.startsWith('#if')) depth++;
      if (t === '#endif') depth--;
      continue;
    }
    out.push(l);
  }
  return out;
}

describe('notification names', () => {
  it('encode bundle id, action and task id', () => {
    expect(hookNotificationName('com.example.app', 'launch', 'com.example.app.refresh')).toBe('com.example.app.bgtasks.debug.launch.com.example.app.refresh');
    expect(hookNotificationName('com.example.app', 'expire', 'com.example.app.refresh')).toBe('com.example.app.bgtasks.debug.expire.com.example.app.refresh');
  });

  it('are built in Swift exactly as in TypeScript', () => {
    const m = /routes\["(.+?)"\] = \(action, identifier\)/.exec(swift);
    expect(m).not.toBeNull();
    const fill = (action: string) =>
      m![1]!.replace('\\(bundleID)', 'com.example.app').replace('\\(action.rawValue)', action).replace('\\(identifier)', 'com.example.app.refresh');
    expect(fill('launch')).toBe(hookNotificationName('com.example.app', 'launch', 'com.example.app.refresh'));
    expect(fill('expire')).toBe(hookNotificationName('com.example.app', 'expire', 'com.example.app.refresh'));
    // The raw values the template interpolates:
    expect(swift).toMatch(/case launch\n\s+case expire\n/);
  });
});

describe('the Swift file', () => {
  it('has nothing but comments outside #if DEBUG … #endif (compiles to nothing in Release)', () => {
    const lines = codeLines(swift);
    expect(lines[0]).toBe('#if DEBUG');
    expect(lines.at(-1)).toBe('#endif');
    expect(withoutRegion(lines, 'DEBUG')).toEqual([]);
    expect(lines.filter((l) => /^\s*#(else|elseif)/.test(l))).toEqual([]);
  });

  it('keeps the private selectors inside the DEBUG region only', () => {
    const code = codeLines(swift).join('\n');
    expect(code).toContain('"_simulateLaunchForTaskWithIdentifier:"');
    expect(code).toContain('"_simulateExpirationForTaskWithIdentifier:"');
    expect(withoutRegion(codeLines(swift), 'DEBUG').join('\n')).not.toContain('_simulate');
  });

  it('reads its ids from its own Info.plist and only accepts plain identifiers', () => {
    expect(swift).toContain('forInfoDictionaryKey: "BGTaskSchedulerPermittedIdentifiers"');
    expect(swift).toContain('guard let route = routes[name] else { return }');
  });

  it('Swift 6 mode: the Darwin callback is a file-level `let callback: CFNotificationCallback` free of main-actor captures', () => {
    const code = codeLines(swift);
    const decl = code.findIndex((l) => l === 'private let callback: CFNotificationCallback = { _, _, name, _, _ in');
    const enumAt = code.indexOf('@MainActor');
    expect(decl).toBeGreaterThan(0);
    // Top level (no indentation), before the @MainActor type: not a closure formed in a main-actor context.
    expect(decl).toBeLessThan(enumAt);
    const end = code.indexOf('}', decl);
    const body = code.slice(decl + 1, end + 1);
    // The only use of the hook's (main-actor) state is inside a hop to the main actor.
    const hop = body.findIndex((l) => l.trim() === 'Task { @MainActor in');
    expect(hop).toBeGreaterThan(0);
    expect(body.slice(0, hop).join('\n')).not.toMatch(/BGTasksDebugHook|routes/);
    expect(body[hop + 1]!.trim()).toBe('BGTasksDebugHook.handle(key)');
    // The observer gets the constant, not an inline closure; no main-actor assumption remains.
    expect(swift).toContain('CFNotificationCenterAddObserver(center, nil, callback, notificationName as CFString, nil, .deliverImmediately)');
    expect(swift).not.toMatch(/CFNotificationCenterAddObserver\([^)]*\{/);
    expect(swift).not.toContain('assumeIsolated');
    expect(swift).toContain('    fileprivate static func handle(_ name: String) {');
    expect(HOOK_VERSION).toBe(2);
  });

  it('carries a version marker the extension detects', () => {
    expect(detectHookVersion(swift)).toBe(HOOK_VERSION);
    expect(detectHookVersion('import UIKit')).toBeUndefined();
  });

  it('tells the user to guard the call site too', () => {
    expect(HOOK_INSTALL_SNIPPET).toBe('#if DEBUG\nBGTasksDebugHook.install()\n#endif');
    expect(swift).toContain('//     BGTasksDebugHook.install()');
  });

  it('parses without syntax errors (tree-sitter-swift, both the file and the DEBUG body)', async () => {
    await Parser.init();
    const wasm = readFileSync(path.resolve(__dirname, '../../vendor/tree-sitter-swift/tree-sitter-swift.wasm'));
    const lang = await Language.load(new Uint8Array(wasm));
    const parser = new Parser();
    parser.setLanguage(lang);
    const problems = (src: string) => {
      const tree = parser.parse(src)!;
      const bad: string[] = [];
      const walk = (n: Node) => {
        if (n.isError || n.isMissing) bad.push(`${n.type} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${src.slice(n.startIndex, n.startIndex + 40)}`);
        for (const c of n.children) if (c) walk(c);
      };
      walk(tree.rootNode);
      return bad;
    };
    expect(problems(swift)).toEqual([]);
    // The same body without the directive lines, so the parser sees the declarations as top-level code.
    const body = swift.split('\n').filter((l) => !/^#(if|endif)/.test(l.trim())).join('\n');
    expect(problems(body)).toEqual([]);
    // The check can fail: a broken variant is reported.
    expect(problems(body.replace('guard routes.isEmpty,', 'guard routes.isEmpty,,'))).not.toEqual([]);
  });
});
