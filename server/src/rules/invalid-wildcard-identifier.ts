/** Flags permitted identifiers iOS drops: malformed wildcards and entries over 128 characters. */
import { withBundleId } from '../analysis/model/resolve';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'invalid-wildcard-identifier',
    description: 'A permitted identifier is dropped by iOS: a wildcard must start with the bundle id and end with a single ".*", and entries over 128 characters are ignored.',
    defaultSeverity: 'error',
    category: 'configuration',
    fixable: false,
  },
  check(ctx) {
    const { analysis } = ctx;
    const seen = new Set<string>();
    for (const scope of analysis.scopes()) {
      for (const e of analysis.permittedEntries(scope)) {
        const key = `${e.plist.file}:${e.span.start}`;
        if (seen.has(key) || e.unresolved.length) continue;
        seen.add(key);
        const bundles = scope.bundleIds.map((b) => b.bundleId);
        const values = bundles.length ? bundles.map((b) => withBundleId(e.value, b)) : [e.value];
        const longest = values.reduce((a, b) => (b.length > a.length ? b : a), '');
        if (longest.length > 128) {
          ctx.report({ file: e.plist.file, span: e.valueSpan, message: `"${longest.slice(0, 40)}…" is ${longest.length} characters long: iOS drops permitted identifiers longer than 128 characters ("Identifier is too long").` });
          continue;
        }
        if (!e.value.includes('*')) continue;
        const problems: string[] = [];
        if (!e.value.endsWith('.*')) problems.push('it must end with ".*"');
        if ((e.value.match(/\*/g) ?? []).length > 1 || e.value.indexOf('.*') !== e.value.lastIndexOf('.*')) problems.push('it may contain ".*" only once');
        if (!e.value.startsWith('$(PRODUCT_BUNDLE_IDENTIFIER)')) {
          const bad = bundles.filter((b) => !withBundleId(e.value, b).startsWith(b + '.') && withBundleId(e.value, b) !== b);
          if (bundles.length && bad.length) problems.push(`it must start with the bundle identifier (${[...new Set(bad)].join(', ')})`);
        }
        if (!problems.length) continue;
        const shown = analysis.display(e.value, scope);
        ctx.report({ file: e.plist.file, span: e.valueSpan, message: `iOS drops the wildcard identifier "${shown}" ("Invalid identifier form for Continued Processing Task"): ${problems.join('; ')}.` });
      }
    }
  },
});
