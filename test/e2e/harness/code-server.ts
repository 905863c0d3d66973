// Starts code-server for one run, detached in its own process group so that stopping it also stops the
// extension host and everything else it started, and waits until it answers.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from './poll';
import type { RunDir } from './run-dir';

export const CODE_SERVER_VERSION = '4.100.3';

/** Where scripts/e2e/provision-code-server.sh installs code-server (same rules, same variables). */
export function codeServerDir(): string {
  const cacheRoot = process.env.PONDER_CACHE ?? join(homedir(), '.cache', 'ponder');
  return process.env.PONDER_CODE_SERVER_DIR ?? join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
}

export function codeServerEntry(dir = codeServerDir()): string {
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(join(dir, '.provisioned')) || !existsSync(entry)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not provisioned in ${dir}: run scripts/e2e/provision-code-server.sh`);
  }
  return entry;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  /** Stops the whole process group; safe to call twice. */
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /**
   * Keep VS Code's workspace trust on (it is off by default, so that the folder under test is trusted
   * without a prompt). The untrusted-workspace run needs it on, with `security.workspace.trust.enabled`.
   */
  readonly workspaceTrust?: boolean;
}

export async function startCodeServer(
  runDir: RunDir,
  port: number,
  env: Record<string, string>,
  options: CodeServerOptions = {},
): Promise<CodeServer> {
  const entry = codeServerEntry();
  const log = openSync(runDir.serverLog, 'a');
  const child = spawn(
    process.execPath,
    [
      entry,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--user-data-dir', runDir.userData,
      '--extensions-dir', runDir.extensions,
      runDir.workspace,
    ],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        ...env,
        XDG_CONFIG_HOME: runDir.xdg,
        XDG_DATA_HOME: runDir.xdg,
        TMPDIR: runDir.tmp,
      },
    },
  );
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async (): Promise<void> => {
    signalGroup(pid, 'SIGTERM');
    try {
      await pollUntil('code-server to exit', () => (exited && !groupAlive(pid) ? true : undefined), { timeoutMs: 5000 });
    } catch {
      signalGroup(pid, 'SIGKILL');
    }
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await pollUntil(
      `code-server's /healthz on port ${port} (log: ${runDir.serverLog})`,
      async () => {
        if (exited) throw new Error(`code-server exited; see ${runDir.serverLog}`);
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
        return response.ok ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, stop };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
