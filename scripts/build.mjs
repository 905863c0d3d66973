// One build script for every bundle. `--watch` rebuilds on change, `--production` minifies without
// source maps, `--quiet` prints only errors, `--webview-only` builds just the tree view's browser bundle
// (its tests need nothing else), `--outdir=DIR` writes somewhere other than dist/ (each browser test process
// builds its own copy: two processes rewriting one dist/webview.js race with a page loading it). Exits
// non-zero when any bundle fails to build.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const quiet = process.argv.includes('--quiet');
const webviewOnly = process.argv.includes('--webview-only');
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) || 'dist';

/** Node bundles: each entry is built only once its source exists, so the script works as the project grows. */
const nodeEntries = [
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/server/main.ts', out: 'server' },
  { in: 'src/mcp/main.ts', out: 'mcp' },
  { in: 'src/extension/main.ts', out: 'extension' },
].filter((entry) => !webviewOnly && existsSync(entry.in));

/** Logs in the form VS Code's `$esbuild-watch` problem matcher understands. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/** Browser bundle of the tree view, loaded by the webview (and by its tests in a plain page). */
const webviewEntry = 'src/webview/main.ts';

const contexts = [];
if (existsSync(webviewEntry)) {
  contexts.push(
    await esbuild.context({
      entryPoints: [{ in: webviewEntry, out: 'webview' }],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      outdir,
      // KaTeX's fonts are copied next to the bundle so the webview loads them from the extension's own folder.
      loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
      assetNames: 'webview-assets/[name]-[hash]',
      sourcemap: !production,
      minify: production,
      logLevel: quiet ? 'error' : 'warning',
      plugins: [problemMatcherPlugin],
    }),
  );
}
if (nodeEntries.length > 0) {
  contexts.push(
    await esbuild.context({
      entryPoints: nodeEntries,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outdir,
      external: ['vscode'],
      define: { 'process.env.PONDER_VERSION': JSON.stringify(version) },
      sourcemap: !production,
      minify: production,
      logLevel: quiet ? 'error' : 'warning',
      plugins: [problemMatcherPlugin],
    }),
  );
}

try {
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
  } else {
    await Promise.all(contexts.map((context) => context.rebuild()));
    await Promise.all(contexts.map((context) => context.dispose()));
    if (!quiet) console.log(`built ${[...nodeEntries.map((e) => e.out), ...(existsSync(webviewEntry) ? ['webview'] : [])].join(', ')} into ${outdir}/`);
  }
} catch {
  // esbuild has already printed the errors through the plugin above.
  await Promise.all(contexts.map((context) => context.dispose()));
  process.exit(1);
}
