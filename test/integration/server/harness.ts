// Runs the Ponder language server as a child process over stdio and talks to it as an editor would,
// with vscode-jsonrpc: no VS Code involved. Collects the server's notifications and progress for the tests.
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  CancellationTokenSource,
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import {
  RUN_STARTED_NOTIFICATION,
  SOLVE_METHOD,
  TREE_DELTA_NOTIFICATION,
  WARNING_NOTIFICATION,
} from '../../../src/protocol/lsp';
import type { RunStartedParams, SolveParams, SolveResultParams, TreeDeltaParams, WarningParams } from '../../../src/protocol/lsp';
import type { PonderSettings } from '../../../src/protocol/settings';

export interface ProgressEvent {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean };
  at: number;
}

export interface Received<T> {
  params: T;
  /** performance.now() when it arrived. */
  at: number;
}

export class ServerHarness {
  readonly runStarted: Received<RunStartedParams>[] = [];
  readonly deltas: Received<TreeDeltaParams>[] = [];
  readonly warnings: WarningParams[] = [];
  readonly progress: ProgressEvent[] = [];
  readonly log: string[] = [];
  #tokens = 0;

  private constructor(
    readonly connection: MessageConnection,
    private readonly child: ChildProcess,
  ) {
    connection.onNotification(RUN_STARTED_NOTIFICATION, (params: RunStartedParams) => void this.runStarted.push({ params, at: performance.now() }));
    connection.onNotification(TREE_DELTA_NOTIFICATION, (params: TreeDeltaParams) => void this.deltas.push({ params, at: performance.now() }));
    connection.onNotification(WARNING_NOTIFICATION, (params: WarningParams) => void this.warnings.push(params));
    connection.onNotification('$/progress', (params: Omit<ProgressEvent, 'at'>) => void this.progress.push({ ...params, at: performance.now() }));
    connection.onNotification('window/logMessage', (params: { message: string }) => void this.log.push(params.message));
  }

  /** Starts the server over stdio (other editors) or Node IPC (how the VS Code extension starts it). */
  static async start(settings: Partial<PonderSettings>, transport: 'stdio' | 'ipc' = 'stdio'): Promise<ServerHarness> {
    let child: ChildProcess;
    let connection: MessageConnection;
    if (transport === 'ipc') {
      child = fork('src/server/main.ts', ['--node-ipc'], { execArgv: ['--import', 'tsx'], stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
      connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      const spawned = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      child = spawned;
      connection = createMessageConnection(new StreamMessageReader(spawned.stdout), new StreamMessageWriter(spawned.stdin));
    }
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    const harness = new ServerHarness(connection, child);
    connection.listen();
    // Over stdio the server speaks standard LSP; like the extension, the harness can run Ponder's hover commands.
    await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { experimental: { ponderCommandLinks: true } }, initializationOptions: settings });
    await connection.sendNotification('initialized', {});
    return harness;
  }

  /** Pushes new settings as VS Code does (`{ ponder: {...} }`). */
  async configure(settings: Partial<PonderSettings>): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { ponder: settings } });
  }

  newToken(): string {
    this.#tokens += 1;
    return `progress-${this.#tokens}`;
  }

  solve(params: SolveParams, cancel?: CancellationTokenSource): Promise<SolveResultParams> {
    return this.request<SolveResultParams>(SOLVE_METHOD, params, cancel);
  }

  request<R>(method: string, params?: unknown, cancel?: CancellationTokenSource): Promise<R> {
    // An undefined argument would be sent as a second parameter: pass only what is there.
    if (cancel) return this.connection.sendRequest<R>(method, params, cancel.token);
    return params === undefined ? this.connection.sendRequest<R>(method) : this.connection.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  deltasOf(runId: string): Received<TreeDeltaParams>[] {
    return this.deltas.filter((d) => d.params.runId === runId);
  }

  progressOf(token: string): ProgressEvent[] {
    return this.progress.filter((p) => p.token === token);
  }

  /** Shuts the server down as an editor does and waits for the process to end. */
  async close(): Promise<void> {
    const exited = this.child.exitCode === null ? once(this.child, 'exit') : Promise.resolve();
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    await exited;
    this.connection.dispose();
  }
}

export { CancellationTokenSource };

/** Polls `predicate` every 5 ms until it holds; fails after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
