// The Ponder language server: one session on one connection. It registers every handler, keeps the
// settings, the runs and the solved ranges, and never lets a failure escape a handler (each answers with
// a PonderError or an LSP error, and is logged with its timing).
import { ConsistencyPriors } from './consistency-priors';
import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import { CancellationToken, DidChangeConfigurationNotification, LSPErrorCodes, ResponseError, TextDocumentSyncKind } from 'vscode-languageserver/node';
import {
  EXPLAIN_METHOD,
  GET_RUN_METHOD,
  LIST_RUNS_METHOD,
  API_KEY_NOTIFICATION,
  MODELS_METHOD,
  PULL_METHOD,
  SOLVE_METHOD,
  WARNING_NOTIFICATION,
} from '../protocol/lsp';
import type { ApiKeyParams, WarningParams } from '../protocol/lsp';
import type { ServerContext } from './context';
import { describeError } from './errors';
import { handleExplain, handleHover } from './hover-handler';
import { ModelProvider } from './model-provider';
import { handleModels, handlePull } from './models-handler';
import { isGetRunParams } from './params';
import { RunStore } from './run-store';
import { SettingsState } from './settings-state';
import { SolvedRanges } from './solved-ranges';
import { handleSolve } from './solve-handler';
import type { ClientSupport } from './standard-lsp/register';
import { clientSupport, registerStandardLsp, standardCapabilities } from './standard-lsp/register';

export interface ServerOptions {
  /**
   * Serve Ponder through standard LSP alone as well (code actions, executeCommand, showMessage,
   * showDocument), for editors without the Ponder extension. Off for the VS Code extension, which has its
   * own commands.
   */
  standardLsp?: boolean;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const warned = new Set<string>();
  const warn = (message: string): void => {
    connection.console.warn(message);
    void connection.sendNotification(WARNING_NOTIFICATION, { message } satisfies WarningParams);
  };
  const ranges = new SolvedRanges();
  const ctx: ServerContext = {
    connection,
    settings: new SettingsState(warn),
    models: new ModelProvider(),
    runs: new RunStore(undefined, (runId) => ranges.remove(runId)),
    ranges,
    consistency: new ConsistencyPriors(),
    warn,
    hoverCommandLinks: options.standardLsp !== true,
    warnOnce: (key, message) => {
      if (warned.has(key)) return;
      warned.add(key);
      warn(message);
    },
  };
  let pullConfiguration = false;
  let support: ClientSupport = { codeActionLiterals: false, workDoneProgress: false, showDocument: false, ponderCommandLinks: false };
  let settingsReady: Promise<unknown> = Promise.resolve();

  /** Runs a handler with timing in the log; a throw becomes an LSP error instead of a crash. */
  const timed = <T>(name: string, run: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    return (async () => {
      try {
        await settingsReady;
        const result = await run();
        connection.console.log(`${name} answered in ${(performance.now() - started).toFixed(0)} ms`);
        return result;
      } catch (error) {
        connection.console.error(`${name} failed after ${(performance.now() - started).toFixed(0)} ms: ${describeError(error)}`);
        throw error instanceof ResponseError ? error : new ResponseError(LSPErrorCodes.RequestFailed, `Ponder: ${describeError(error)}`);
      }
    })();
  };

  /** The client's work-done progress for a request that carries a `workDoneToken` (a no-op reporter otherwise). */
  const workDoneOf = (params: unknown) => {
    const token = typeof params === 'object' && params !== null ? (params as { workDoneToken?: unknown }).workDoneToken : undefined;
    return connection.window.attachWorkDoneProgress(typeof token === 'string' || typeof token === 'number' ? token : undefined);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    support = clientSupport(params);
    // The extension (over node IPC) runs Ponder's commands; another client may say it does too.
    ctx.hoverCommandLinks = !options.standardLsp || support.ponderCommandLinks;
    settingsReady = ctx.settings.update(params.initializationOptions).catch((error: unknown) => warn(describeError(error)));
    return {
      capabilities: {
        hoverProvider: true,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        workspace: { workspaceFolders: { supported: false } },
        ...(options.standardLsp ? standardCapabilities() : {}),
      },
      serverInfo: { name: 'ponder', version: '0.1.0' },
    };
  });
  connection.onInitialized(() => {
    if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'ponder' }).catch(() => undefined);
  });
  connection.onDidChangeConfiguration((params) => {
    settingsReady = (async () => {
      // Clients that push settings send them here; the others are asked (pull model).
      const pushed = params.settings as unknown;
      const raw = pushed !== null && typeof pushed === 'object' && Object.keys(pushed).length > 0 ? pushed : pullConfiguration ? ((await connection.workspace.getConfiguration('ponder')) as unknown) : undefined;
      if (raw !== undefined) await ctx.settings.update(raw);
    })().catch((error: unknown) => warn(`Could not read Ponder's settings: ${describeError(error)}`));
  });

  connection.onDidOpenTextDocument(({ textDocument: d }) => ranges.open(d.uri, d.languageId, d.version, d.text));
  connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => ranges.change(d.uri, d.version, contentChanges));
  connection.onDidCloseTextDocument(({ textDocument: d }) => ranges.close(d.uri));

  connection.onHover((params) => timed('hover', () => handleHover(ctx, params)));
  /**
   * Registers a custom request whose params may be absent (LSP allows that): the handler gets the params
   * (unknown: every handler checks their shape) and the request's cancellation token.
   */
  const onRequest = <R>(method: string, handler: (params: unknown, token: CancellationToken) => Promise<R> | R): void => {
    connection.onRequest(method, (...args: unknown[]) => {
      const last = args.at(-1);
      const token = CancellationToken.is(last) ? last : CancellationToken.None;
      const params = CancellationToken.is(last) ? args.slice(0, -1) : args;
      return timed(method, () => handler(params.length > 0 ? params[0] : undefined, token));
    });
  };
  onRequest(SOLVE_METHOD, (params, token) => handleSolve(ctx, params, token, workDoneOf(params)));
  onRequest(GET_RUN_METHOD, (params) => (isGetRunParams(params) ? ctx.runs.snapshot(params.runId) : null));
  onRequest(LIST_RUNS_METHOD, () => ctx.runs.list());
  onRequest(EXPLAIN_METHOD, (params) => handleExplain(ctx, params));
  onRequest(MODELS_METHOD, (_params, token) => handleModels(ctx, token));
  connection.onNotification(API_KEY_NOTIFICATION, (params: unknown) => {
    const key = (params as Partial<ApiKeyParams> | null)?.key;
    ctx.models.setApiKey(typeof key === 'string' ? key : null);
  });
  onRequest(PULL_METHOD, (params, token) => handlePull(ctx, params, token, workDoneOf(params)));
  if (options.standardLsp) registerStandardLsp(ctx, connection, () => support, timed);

  connection.onShutdown(async () => {
    await ctx.models.close();
  });
  connection.listen();
}
