#!/usr/bin/env node
// The published `ponder` command (`npx ponder`, a global install, `node bin/ponder.cjs`). It behaves exactly
// like `npm run ponder --`: in a source checkout whose sources are newer than the CLI bundle it first rebuilds
// the bundles (quietly, as that script does), then runs the CLI bundle's entry point with this process's
// arguments and exit code. Requiring the bundle alone would run nothing: its own entry check
// (`require.main === module`) is false when it is required.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const buildScript = join(root, 'scripts', 'build.mjs');
const bundle = join(root, 'dist', 'cli.js');

/** The newest modification time among the files the bundles are built from. */
function newestSource() {
  let newest = 0;
  for (const name of ['package.json', 'package-lock.json', join('scripts', 'build.mjs')]) {
    if (existsSync(join(root, name))) newest = Math.max(newest, statSync(join(root, name)).mtimeMs);
  }
  for (const entry of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

const checkout = existsSync(buildScript) && existsSync(join(root, 'src', 'cli', 'main.ts'));
if (checkout && (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource())) {
  const build = spawnSync(process.execPath, [buildScript, '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    process.stderr.write(
      build.error
        ? `ponder: could not build the CLI: ${build.error.message}\n`
        : `ponder: the CLI did not build (see the errors above); run \`npm ci\` in ${root}, then try again.\n`,
    );
    process.exit(1);
  }
}
if (!existsSync(bundle)) {
  process.stderr.write(`ponder: ${bundle} is missing; run \`npm ci && npm run build\` in ${root}.\n`);
  process.exit(1);
}
require(bundle).runFromCommandLine();
