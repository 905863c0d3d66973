// Lint: typescript-eslint with type information, floating promises as errors, and the import rules
// of docs/architecture.md enforced per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import boundaries: what each folder must never import. */
const ENGINE_FORBIDDEN = ['vscode', 'vscode-languageserver*', 'vscode-languageclient*'];
const boundary = (files, patterns, message) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: patterns.map((group) => ({ group: [group], message })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-output/**', 'bench/out/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's test()/describe() return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  boundary(
    ['src/protocol/**'],
    ['../*', 'vscode', 'vscode-languageserver', 'vscode-languageclient*', 'node:*'],
    'protocol imports nothing of ours and no runtime: it is shared by every process',
  ),
  boundary(
    ['src/shared/**'],
    ['vscode', 'vscode-languageserver*', 'vscode-languageclient*', 'node:*', '**/engine/**', '**/server/**', '**/extension/**', '**/webview/**', '**/cli/**', '**/standin/**', 'dompurify', 'katex', 'markdown-it', 'd3-*'],
    'shared code runs in the extension host, the server and the browser page alike: protocol and DOM-free libraries only',
  ),
  boundary(
    ['src/engine/**'],
    [...ENGINE_FORBIDDEN, '**/server/**', '**/extension/**', '**/webview/**', '**/cli/**', '**/standin/**'],
    'the engine is pure: no vscode, no LSP, no DOM, and nothing from the processes that use it',
  ),
  boundary(
    ['src/cli/**'],
    [...ENGINE_FORBIDDEN, '**/server/**', '**/extension/**', '**/webview/**'],
    'the CLI uses the engine, the protocol and the stand-in only',
  ),
  boundary(
    ['src/standin/**'],
    [...ENGINE_FORBIDDEN, '**/server/**', '**/extension/**', '**/webview/**', '**/cli/**'],
    'the stand-in serves the simulated reasoner over HTTP and needs nothing else',
  ),
  boundary(
    ['src/server/**'],
    ['vscode', 'vscode-languageclient*', '**/extension/**', '**/webview/**', '**/cli/**'],
    'the server owns the engine and speaks LSP; it never sees vscode',
  ),
  {
    files: ['src/extension/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/**'],
              allowTypeImports: true,
              message: 'the extension host stays thin: the engine runs in the server, so only `import type` from it',
            },
            {
              group: ['**/webview/**'],
              message: 'the webview is a browser page: what the host shares with it lives in src/shared',
            },
            {
              group: ['**/server/**', '**/cli/**', '**/standin/**', 'vscode-languageserver', 'vscode-languageserver/*'],
              message: 'the extension talks to the server over LSP and imports none of its code',
            },
          ],
        },
      ],
    },
  },
  boundary(
    ['src/webview/**'],
    ['vscode', 'vscode-languageserver*', 'vscode-languageclient*', '**/engine/**', '**/server/**', '**/extension/**', 'node:*'],
    'the webview is a browser page: protocol types and browser libraries only',
  ),
);
