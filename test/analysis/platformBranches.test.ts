import { describe, expect, it } from 'vitest';
import { blankOtherPlatforms, evalCondition } from '../../server/src/analysis/swift/platformBranches';

describe('the iOS build of a Swift file', () => {
  it('evaluates compilation conditions for iOS, three-valued', () => {
    expect(evalCondition(' os(iOS)')).toBe('T');
    expect(evalCondition(' os(macOS)')).toBe('F');
    expect(evalCondition(' !os(watchOS)')).toBe('T');
    expect(evalCondition(' os(iOS) || os(tvOS)')).toBe('T');
    expect(evalCondition(' os(macOS) && DEBUG')).toBe('F');
    expect(evalCondition(' DEBUG')).toBe('U');
    expect(evalCondition(' canImport(UIKit) && !os(macOS)')).toBe('U');
    expect(evalCondition(' targetEnvironment(macCatalyst)')).toBe('U');
  });

  it('blanks only branches never compiled for iOS, keeping length and line breaks', () => {
    const src = [
      'func schedule() {',
      '  #if os(iOS)',
      '  submitRequest()',
      '  #else',
      '  startTimer()',
      '  #endif',
      '  #if DEBUG',
      '  log()',
      '  #elseif os(macOS)',
      '  macOnly()',
      '  #endif',
      '  #if os(macOS)',
      '  a() // é',
      '  #elseif os(iOS)',
      '  b()',
      '  #else',
      '  c()',
      '  #endif',
      '}',
      '',
    ].join('\r\n');
    const out = blankOtherPlatforms(src);
    expect(out.length).toBe(src.length);
    expect(out.split('\n').length).toBe(src.split('\n').length);
    expect(out).toContain('submitRequest()');
    expect(out).not.toContain('startTimer()');
    expect(out).toContain('log()');
    expect(out).not.toContain('macOnly()'); // whatever DEBUG is, an os(macOS) branch is never built for iOS
    expect(out).not.toContain('a()');
    expect(out).toContain('b()');
    expect(out).not.toContain('c()');
    expect(out).toContain('#endif');
  });

  it('returns the same string when there is nothing to blank', () => {
    const src = 'let x = 1\n#if DEBUG\nprint(x)\n#endif\n';
    expect(blankOtherPlatforms(src)).toBe(src);
  });
});
