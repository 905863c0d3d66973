// Runs the extension-host mocha suite (test/e2e/suite) in desktop VS Code through @vscode/test-electron's
// runTests, against an Ollama stand-in started here. It is for a machine with a display (or `xvfb-run -a`)
// that can download VS Code, or that has one installed:
//
//   npm run test:desktop                                   # downloads VS Code 1.100.3 once, into .vscode-test/
//   npm run test:desktop -- --vscode /usr/bin/code         # a local VS Code (or PONDER_VSCODE_EXECUTABLE=…)
//   PONDER_VSCODE_VERSION=stable npm run test:desktop
//
// Offline, with no local VS Code, it stops at once with one line that says what it needs; the same suite runs
// in code-server with `npm run test:e2e`, which is what `npm test` does.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import * as testElectron from '@vscode/test-electron';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const VSCODE_VERSION = process.env.PONDER_VSCODE_VERSION ?? '1.100.3';
/** Where runTests keeps its downloads (its default, relative to the working directory). */
const CACHE = join(repo, '.vscode-test');
/** VS Code's update service, which runTests downloads from. */
const UPDATE_SERVICE = 'https://update.code.visualstudio.com/api/releases/stable';

function stop(line) {
  console.error(`test:desktop: ${line}`);
  process.exit(1);
}

const { values } = parseArgs({ options: { vscode: { type: 'string' } } });
const localVSCode = values.vscode ?? process.env.PONDER_VSCODE_EXECUTABLE;
if (localVSCode !== undefined && !existsSync(localVSCode)) stop(`no VS Code at ${localVSCode} (from --vscode or PONDER_VSCODE_EXECUTABLE).`);

/** True when a download of this version is already in runTests' cache. */
function cached() {
  return existsSync(CACHE) && readdirSync(CACHE).some((name) => name.endsWith(VSCODE_VERSION));
}

if (localVSCode === undefined && !cached()) {
  try {
    const response = await fetch(UPDATE_SERVICE, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    stop(
      `needs desktop VS Code ${VSCODE_VERSION}, and could not reach VS Code's download service (${cause}): ` +
        'name an installed VS Code with --vscode PATH or PONDER_VSCODE_EXECUTABLE, or run the same suite in code-server with `npm run test:e2e`.',
    );
  }
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
    ...(localVSCode !== undefined ? { vscodeExecutablePath: localVSCode } : { version: VSCODE_VERSION, cachePath: CACHE }),
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
