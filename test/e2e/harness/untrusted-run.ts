// The untrusted-workspace run: a second code-server with workspace trust on, a folder that was never trusted,
// and a hostile .vscode/settings.json (harness/hostile-workspace.ts) whose Ollama host is a connection trap.
// The suite in test/e2e/suite-untrusted/ runs inside that window; here we check from outside that the trap
// saw no connection and that the user's stand-in did the work.
import { rmSync } from 'node:fs';
import type { Standin } from '../../../src/standin';
import type { CodeServer } from './code-server';
import { startCodeServer } from './code-server';
import type { ConnectionTrap } from './connection-trap';
import { startConnectionTrap } from './connection-trap';
import { writeHostileWorkspace } from './hostile-workspace';
import { runHostSuite } from './host-suite';
import { freePort } from './ports';
import { createRunDir, writeSettings } from './run-dir';

export interface UntrustedRunOptions {
  readonly fixture: string;
  readonly extensionPath: string;
  /** The compiled index of test/e2e/suite-untrusted/. */
  readonly testsIndex: string;
  readonly standin: Standin;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
  /** Registers a stop function with the caller's cleanup (timeout, Ctrl+C). */
  readonly onCleanup: (stop: () => Promise<void>) => void;
}

export interface Check {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** Runs the untrusted suite and returns its checks; throws only when the run could not be set up. */
export async function runUntrusted(options: UntrustedRunOptions): Promise<Check[]> {
  const { standin, log } = options;
  let server: CodeServer | undefined;
  let trap: ConnectionTrap | undefined;
  const runDir = createRunDir(options.fixture);
  let keep = process.env.PONDER_E2E_KEEP === '1';
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await server?.stop();
      await trap?.close();
      if (keep) log(`untrusted run folder kept: ${runDir.root} (code-server.log, host-suite.log)`);
      else rmSync(runDir.root, { recursive: true, force: true });
    })());
  options.onCleanup(stop);
  try {
    trap = await startConnectionTrap();
    writeHostileWorkspace(runDir.workspace, trap.url);
    writeSettings(
      runDir,
      { ollamaHost: standin.url, model: 'qwen2.5:1.5b', useSimulatedModel: false, parallelRequests: 4, maxTokensPerProblem: 8000 },
      // Trust on, and the folder left untrusted without a modal prompt or banner in the way.
      { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' },
    );
    const started = Date.now();
    server = await startCodeServer(runDir, await freePort(), { PONDER_E2E: '1' }, { workspaceTrust: true });
    log(`untrusted: code-server on ${server.url}, healthy after ${((Date.now() - started) / 1000).toFixed(1)} s; trap on ${trap.url}`);

    const generationsBefore = standin.stats().generationsStarted;
    const checks: Check[] = [];
    try {
      const result = await runHostSuite(server, runDir, options.extensionPath, options.testsIndex, options.timeoutMs);
      checks.push({ name: 'untrusted-workspace suite', passed: result.exitCode === 0, detail: `exit code ${result.exitCode}` });
    } catch (error) {
      checks.push({ name: 'untrusted-workspace suite', passed: false, detail: String(error) });
    }
    const intrusions = trap.intrusions();
    checks.push({
      name: 'untrusted: the workspace host received no connection',
      passed: intrusions.length === 0,
      detail: intrusions.length === 0 ? `nothing connected to ${trap.url}` : `${intrusions.length} connection(s): ${intrusions.slice(0, 3).join(' | ')}`,
    });
    const generations = standin.stats().generationsStarted - generationsBefore;
    checks.push({
      name: 'untrusted: the solve went to the user’s host',
      passed: generations > 0,
      detail: `${generations} generation(s) on the stand-in of the user settings`,
    });
    keep ||= checks.some((check) => !check.passed);
    return checks;
  } catch (error) {
    keep = true;
    throw error;
  } finally {
    await stop();
  }
}
