// End-to-end tests in a real VS Code (code-server, offline) driven by Chromium:
//   1. the mocha suite in test/e2e/suite/, run inside the extension host (like `extensionTestsPath`);
//   2. the UI test (harness/ui-test.ts): command palette, progress, tree panel, cancel, hover;
//   3. the suite in test/e2e/suite-untrusted/, in a second window whose folder is not trusted and whose
//      settings are hostile (harness/untrusted-run.ts).
// All talk to an Ollama stand-in started here. Screenshots go to screenshots/e2e/.
//
//   npx tsx test/e2e/run.ts
// Environment: PONDER_E2E_ONLY=host|ui|untrusted, PONDER_E2E_TIMEOUT_MS (whole run, default 10 min),
// PONDER_E2E_LATENCY_MS (stand-in time per token, default 5), PONDER_E2E_KEEP=1 (keep the run folder),
// PONDER_WRITE_DOCS=1 (also save the user guide's pictures to docs/img),
// PONDER_E2E_EXTENSION_DIR / PONDER_E2E_SUITE_DIR / PONDER_E2E_FIXTURE_DIR (test another extension build,
// suite or workspace instead of this repository's), PONDER_CACHE / PONDER_CODE_SERVER_DIR (see
// scripts/e2e/provision-code-server.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startStandin } from '../../src/standin';
import type { Standin } from '../../src/standin';
import { buildExtension, buildHostSuite } from './harness/build';
import type { CodeServer } from './harness/code-server';
import { startCodeServer } from './harness/code-server';
import { runHostSuite } from './harness/host-suite';
import { freePort } from './harness/ports';
import type { RunDir } from './harness/run-dir';
import { createRunDir, writeSettings } from './harness/run-dir';
import { runUiTest } from './harness/ui-test';
import { runUntrusted } from './harness/untrusted-run';

const repo = resolve(__dirname, '..', '..');
const timeoutMs = Number(process.env.PONDER_E2E_TIMEOUT_MS ?? 600_000);
const only = process.env.PONDER_E2E_ONLY;
const wants = (part: 'host' | 'ui' | 'untrusted'): boolean => only === undefined || only === '' || only === part;
const started = Date.now();

type Outcome = { name: string; status: 'passed' | 'failed' | 'skipped'; detail: string };
const outcomes: Outcome[] = [];
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (line: string): void => console.log(`[e2e ${seconds(started).padStart(7)}] ${line}`);

let standin: Standin | undefined;
let server: CodeServer | undefined;
let runDir: RunDir | undefined;
let cleaning: Promise<void> | undefined;
const cleanups: (() => Promise<void>)[] = [];

/** Stops everything this run started; called on success, failure, timeout and Ctrl+C. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await server?.stop().catch((error: unknown) => log(`stopping code-server: ${String(error)}`));
    for (const stop of cleanups) await stop().catch((error: unknown) => log(`cleaning up: ${String(error)}`));
    await standin?.close().catch((error: unknown) => log(`closing the stand-in: ${String(error)}`));
    const failed = outcomes.some((o) => o.status === 'failed');
    if (runDir && !failed && process.env.PONDER_E2E_KEEP !== '1') rmSync(runDir.root, { recursive: true, force: true });
    else if (runDir) log(`run folder kept: ${runDir.root} (code-server.log, host-suite.log)`);
  })();
  return cleaning;
}

function summarize(extra?: string): number {
  const failed = outcomes.some((o) => o.status === 'failed') || extra !== undefined;
  for (const o of outcomes) console.log(`  ${o.status.toUpperCase().padEnd(7)} ${o.name}: ${o.detail}`);
  if (extra) console.log(`  FAILED  ${extra}`);
  const counts = ['passed', 'failed', 'skipped'].map((s) => `${outcomes.filter((o) => o.status === s).length} ${s}`).join(', ');
  console.log(`e2e ${failed ? 'FAILED' : 'OK'}: ${counts} in ${seconds(started)}`);
  return failed ? 1 : 0;
}

/** What the extension under test needs before anything can start; undefined when it is all there. */
function missingExtension(extensionPath: string): string | undefined {
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')) as {
    main?: string;
    contributes?: { commands?: unknown[] };
  };
  if (!manifest.main) return `package.json in ${extensionPath} has no "main" (the extension entry)`;
  if (!manifest.contributes?.commands?.length) return `package.json in ${extensionPath} contributes no commands`;
  if (!existsSync(join(extensionPath, manifest.main)) && !existsSync(join(extensionPath, `${manifest.main}.js`))) {
    return `the extension entry ${manifest.main} was not built`;
  }
  return undefined;
}

async function main(): Promise<void> {
  log('provisioning code-server');
  const provision = spawnSync('bash', [join(repo, 'scripts', 'e2e', 'provision-code-server.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (provision.status !== 0) throw new Error('scripts/e2e/provision-code-server.sh failed');

  const externalExtension = process.env.PONDER_E2E_EXTENSION_DIR;
  const extensionPath = externalExtension ? resolve(externalExtension) : repo;
  if (!externalExtension) {
    if (!existsSync(join(repo, 'src', 'extension', 'main.ts'))) {
      outcomes.push({ name: 'extension', status: 'skipped', detail: 'src/extension/main.ts does not exist yet: nothing to test' });
      return;
    }
    log('building the extension');
    buildExtension(repo);
  }
  const missing = missingExtension(extensionPath);
  if (missing) {
    outcomes.push({ name: 'extension', status: 'skipped', detail: `${missing}: nothing to test` });
    return;
  }

  const suiteDir = resolve(process.env.PONDER_E2E_SUITE_DIR ?? join(repo, 'test', 'e2e', 'suite'));
  const fixture = resolve(process.env.PONDER_E2E_FIXTURE_DIR ?? join(repo, 'test', 'e2e', 'fixtures', 'workspace'));
  const untrustedSuiteDir = join(repo, 'test', 'e2e', 'suite-untrusted');
  const runHost = wants('host');
  const runUi = wants('ui');
  let testsIndex: string | undefined;
  if (runHost && existsSync(join(suiteDir, 'index.ts'))) {
    log(`compiling the extension-host suite from ${suiteDir}`);
    testsIndex = await buildHostSuite(suiteDir, join(repo, 'out', 'e2e'));
  } else if (runHost) {
    outcomes.push({ name: 'extension-host suite', status: 'skipped', detail: `${join(suiteDir, 'index.ts')} does not exist yet` });
  }
  // The untrusted suite belongs to this repository's extension: another build is not tested with it.
  let untrustedIndex: string | undefined;
  if (wants('untrusted') && !externalExtension) {
    log('compiling the untrusted-workspace suite');
    untrustedIndex = await buildHostSuite(untrustedSuiteDir, join(repo, 'out', 'e2e-untrusted'));
  }
  if (!existsSync(fixture)) throw new Error(`the fixture workspace ${fixture} does not exist`);

  standin = await startStandin({ parallel: 4, tokenLatencyMs: Number(process.env.PONDER_E2E_LATENCY_MS ?? 5) });
  log(`stand-in on ${standin.url}`);
  if (runHost || runUi) await runTrusted(standin, extensionPath, fixture, testsIndex, runUi);
  // The trusted window is closed first: the untrusted one then has the machine to itself.
  await server?.stop();
  if (untrustedIndex) {
    const since = Date.now();
    log('running the untrusted-workspace suite');
    const checks = await runUntrusted({
      fixture: join(repo, 'test', 'e2e', 'fixtures', 'workspace'),
      extensionPath,
      testsIndex: untrustedIndex,
      standin,
      timeoutMs: 180_000,
      log,
      onCleanup: (stop) => cleanups.push(stop),
    });
    for (const check of checks) outcomes.push({ name: check.name, status: check.passed ? 'passed' : 'failed', detail: check.detail });
    log(`untrusted-workspace run took ${seconds(since)}`);
  }
}

/** The trusted window: the main extension-host suite, then the UI test. */
async function runTrusted(standin: Standin, extensionPath: string, fixture: string, testsIndex: string | undefined, runUi: boolean): Promise<void> {
  runDir = createRunDir(fixture);
  const ponderSettings = { ollamaHost: standin.url, model: 'qwen2.5:1.5b', useSimulatedModel: false, parallelRequests: 4 };
  writeSettings(runDir, ponderSettings);
  const port = await freePort();
  const serverStarted = Date.now();
  server = await startCodeServer(runDir, port, {
    PONDER_E2E: '1',
    PONDER_E2E_OLLAMA_HOST: standin.url,
    PONDER_E2E_WORKSPACE: runDir.workspace,
  });
  log(`code-server on ${server.url}, healthy after ${seconds(serverStarted)}`);

  if (testsIndex) {
    const since = Date.now();
    log('running the extension-host suite');
    try {
      const result = await runHostSuite(server, runDir, extensionPath, testsIndex, 300_000);
      outcomes.push({
        name: 'extension-host suite',
        status: result.exitCode === 0 ? 'passed' : 'failed',
        detail: `exit code ${result.exitCode} in ${seconds(since)}`,
      });
    } catch (error) {
      outcomes.push({ name: 'extension-host suite', status: 'failed', detail: String(error) });
    }
  }

  if (runUi) {
    const since = Date.now();
    log('running the UI test');
    try {
      await runUiTest({
        server,
        runDir,
        standin,
        extensionPath,
        screenshots: join(repo, 'screenshots', 'e2e'),
        document: 'problems.md',
        log: (line) => log(`  ui: ${line}`),
        ...(process.env.PONDER_WRITE_DOCS === '1' ? { docsImages: join(repo, 'docs', 'img') } : {}),
        writeUserSettings: (other) => {
          if (runDir) writeSettings(runDir, ponderSettings, other);
        },
      });
      outcomes.push({ name: 'UI test', status: 'passed', detail: `in ${seconds(since)}, screenshots in screenshots/e2e/` });
    } catch (error) {
      outcomes.push({ name: 'UI test', status: 'failed', detail: `${error instanceof Error ? error.message : String(error)} (screenshots in screenshots/e2e/)` });
    }
  }
}

const globalTimer = setTimeout(() => {
  log(`global timeout of ${timeoutMs} ms reached: stopping everything`);
  void cleanup().finally(() => process.exit(summarize(`global timeout (${timeoutMs} ms)`)));
}, timeoutMs);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything`);
    void cleanup().finally(() => process.exit(summarize(`interrupted by ${signal}`)));
  });
}

main()
  .then(async () => {
    await cleanup();
    clearTimeout(globalTimer);
    process.exit(summarize());
  })
  .catch(async (error: unknown) => {
    await cleanup();
    clearTimeout(globalTimer);
    process.exit(summarize(error instanceof Error ? error.message : String(error)));
  });
