// ESLint (flat config): typescript-eslint's recommended rules everywhere, and the type-checked rules that catch real
// bugs in this codebase (promises nobody awaits or catches, promises passed where a callback's result is ignored).
// Run with `npm run lint:code`. Type-aware linting uses the project service, so it reads tsconfig.json like tsc does.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'vendor/**', 'examples/**', 'test-results/**', 'test/e2e/workspace*/**', '**/*.d.ts', '**/*.d.cts', '**/*.d.mts', '.vscode-test/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      // vitest.config.ts is outside tsconfig.json's include; the default project covers it.
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An unawaited promise that rejects crashes the language server (issue 13); these two find them.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
      // Unused names are already errors in tsc (noUnusedLocals / noUnusedParameters); one report is enough.
      '@typescript-eslint/no-unused-vars': 'off',
      'no-unused-vars': 'off',
      // Non-null assertions are how this codebase states tree-sitter invariants (a `pair` always has a `key`).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `while (true)` / `for (;;)` scanners are the codebase's idiom for hand-written lexers.
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Tests read untyped JSON-RPC payloads and browser globals (window.__posted); `any` there states that.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain JavaScript (build scripts, benchmarks, fake tools): no type information, Node globals, CommonJS allowed.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'Buffer', 'URL', 'fetch', 'AbortSignal', 'AbortController', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', '__dirname', '__filename', 'require', 'module', 'exports'].map((g) => [g, 'readonly']),
      ),
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
);
