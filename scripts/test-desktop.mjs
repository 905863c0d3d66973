// Runs the extension-host mocha suite (test/e2e/suite) in desktop VS Code through @vscode/test-electron,
// against an Ollama stand-in started here. It needs a machine that can download VS Code and
// `npm i -D @vscode/test-electron`; where neither is possible, `npx tsx test/e2e/run.ts` runs the same suite
// in code-server instead.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import * as esbuild from 'esbuild';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const VSCODE_VERSION = process.env.PONDER_VSCODE_VERSION ?? '1.100.3';

let testElectron;
try {
  testElectron = await import('@vscode/test-electron');
} catch {
  console.error(
    'npm run test:desktop needs @vscode/test-electron, which is not installed, and network access to download VS Code:\n' +
      '  npm i -D @vscode/test-electron && npm run test:desktop\n' +
      'Offline, run the same suite in code-server: npx tsx test/e2e/run.ts',
  );
  process.exit(1);
}

function run(command, args) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: repo, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** Starts the stand-in from the CLI bundle and resolves with its URL once it listens. */
function startStandin() {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['dist/cli.js', 'standin', '--port', '0', '--latency-ms', '5'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the stand-in exited with ${code} before listening`)));
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolveStart({ url, stop: () => child.kill() });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'ponder-desktop-'));
let standin;
let exitCode = 1;
try {
  await run(process.execPath, ['scripts/build.mjs', '--quiet']);
  const suiteOut = join(repo, 'out', 'e2e-desktop');
  rmSync(suiteOut, { recursive: true, force: true });
  const suiteDir = join(repo, 'test', 'e2e', 'suite');
  await esbuild.build({
    entryPoints: [join(suiteDir, 'index.ts'), join(suiteDir, '*.e2e.ts')],
    outbase: suiteDir,
    outdir: suiteOut,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'error',
  });

  standin = await startStandin();
  const workspace = join(work, 'workspace');
  cpSync(join(repo, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });
  const userData = join(work, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'ponder.ollamaHost': standin.url, 'ponder.model': 'qwen2.5:1.5b', 'ponder.parallelRequests': 4, 'telemetry.telemetryLevel': 'off', 'workbench.startupEditor': 'none' }, null, 2),
  );

  exitCode = await testElectron.runTests({
    version: VSCODE_VERSION,
    extensionDevelopmentPath: repo,
    extensionTestsPath: join(suiteOut, 'index.js'),
    launchArgs: [workspace, `--user-data-dir=${userData}`, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`test:desktop failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  standin?.stop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
