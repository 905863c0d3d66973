// Ponder through standard LSP alone, for editors with no Ponder plugin (Neovim, Helix, …): a code action
// "Solve with Ponder" on a selection runs workspace/executeCommand; the solve reports window/workDoneProgress
// (the client's token, or one the server creates when the client supports it), answers in
// window/showMessage and as a hover on the solved range (textDocument/hover, already served); a second code
// action on a solved range opens the run's tree as a Markdown document with window/showDocument.
import type { CodeAction, CodeActionParams, Command, Connection, ExecuteCommandParams, InitializeParams, ServerCapabilities, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { CancellationToken, MessageType, ResponseError, ErrorCodes } from 'vscode-languageserver/node';
import type { SolveResultParams } from '../../protocol/lsp';
import type { ServerContext } from '../context';
import { handleSolve } from '../solve-handler';
import type { SolveRangeArgs } from './commands';
import { isShowTreeArgs, isSolveRangeArgs, SHOW_TREE_COMMAND, SOLVE_RANGE_COMMAND, STANDARD_COMMANDS } from './commands';
import { writeTreeDocument } from './tree-document';

/** What the client said it supports, read once at initialize. */
export interface ClientSupport {
  codeActionLiterals: boolean;
  workDoneProgress: boolean;
  showDocument: boolean;
  /**
   * The client can run the extension's hover commands (`capabilities.experimental.ponderCommandLinks`), so
   * hovers may link to them; a client that does not say so gets a hover that names the code action instead.
   */
  ponderCommandLinks: boolean;
}

export function clientSupport(params: InitializeParams): ClientSupport {
  const caps = params.capabilities;
  return {
    codeActionLiterals: caps.textDocument?.codeAction?.codeActionLiteralSupport !== undefined,
    workDoneProgress: caps.window?.workDoneProgress === true,
    showDocument: caps.window?.showDocument?.support === true,
    ponderCommandLinks: (caps.experimental as { ponderCommandLinks?: unknown } | undefined)?.ponderCommandLinks === true,
  };
}

export function standardCapabilities(): Pick<ServerCapabilities, 'codeActionProvider' | 'executeCommandProvider'> {
  return { codeActionProvider: true, executeCommandProvider: { commands: [...STANDARD_COMMANDS] } };
}

type Timed = <T>(name: string, run: () => Promise<T> | T) => Promise<T>;

export function registerStandardLsp(ctx: ServerContext, connection: Connection, support: () => ClientSupport, timed: Timed): void {
  connection.onCodeAction((params) => timed('codeAction', () => codeActions(ctx, params, support())));
  connection.onExecuteCommand((params, token) =>
    timed(`executeCommand ${params.command}`, () => executeCommand(ctx, connection, params, token ?? CancellationToken.None, support())),
  );
}

function codeActions(ctx: ServerContext, params: CodeActionParams, support: ClientSupport): (CodeAction | Command)[] {
  const { uri } = params.textDocument;
  const commands: Command[] = [];
  const selected = ctx.ranges.textOf(uri, params.range);
  if (selected !== undefined && selected.trim() !== '') {
    commands.push({ title: 'Solve with Ponder', command: SOLVE_RANGE_COMMAND, arguments: [{ uri, range: params.range }] });
  }
  const solved = ctx.ranges.at(uri, params.range.start);
  if (solved && ctx.runs.get(solved.runId)?.result) {
    commands.push({ title: "Show Ponder's reasoning tree", command: SHOW_TREE_COMMAND, arguments: [{ runId: solved.runId }] });
  }
  // Clients without code action literals take plain commands.
  return support.codeActionLiterals ? commands.map((command) => ({ title: command.title, command })) : commands;
}

async function executeCommand(
  ctx: ServerContext,
  connection: Connection,
  params: ExecuteCommandParams,
  token: CancellationToken,
  support: ClientSupport,
): Promise<unknown> {
  const args: unknown = params.arguments?.[0];
  switch (params.command) {
    case SOLVE_RANGE_COMMAND: {
      if (!isSolveRangeArgs(args)) throw new ResponseError(ErrorCodes.InvalidParams, `${SOLVE_RANGE_COMMAND} needs one argument { uri, range }.`);
      return solveRange(ctx, connection, args.uri, args.range, params, token, support);
    }
    case SHOW_TREE_COMMAND: {
      if (!isShowTreeArgs(args)) throw new ResponseError(ErrorCodes.InvalidParams, `${SHOW_TREE_COMMAND} needs one argument { runId }.`);
      return showTree(ctx, connection, args.runId, support);
    }
    default:
      throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command "${params.command}"; Ponder runs ${STANDARD_COMMANDS.join(', ')}.`);
  }
}

async function solveRange(
  ctx: ServerContext,
  connection: Connection,
  uri: string,
  range: SolveRangeArgs['range'],
  params: ExecuteCommandParams,
  token: CancellationToken,
  support: ClientSupport,
): Promise<SolveResultParams> {
  const problem = ctx.ranges.textOf(uri, range);
  if (problem === undefined) {
    const message = 'Ponder: the document is not open on the server (the editor sends textDocument/didOpen first); open it and select the problem again.';
    void connection.window.showErrorMessage(message);
    throw new ResponseError(ErrorCodes.InvalidParams, message);
  }
  const workDone = await progressReporter(connection, params, support);
  const version = ctx.ranges.version(uri);
  const result = await handleSolve(
    ctx,
    { problem, uri, range, ...(version === undefined ? {} : { version }), mode: ctx.settings.current.mode },
    token,
    workDone,
  );
  void connection.sendNotification('window/showMessage', { type: result.error ? MessageType.Error : MessageType.Info, message: resultMessage(result) });
  return result;
}

/** The client's own token when it sent one; else one the server creates, when the client supports that. */
async function progressReporter(connection: Connection, params: ExecuteCommandParams, support: ClientSupport): Promise<WorkDoneProgressReporter> {
  if (params.workDoneToken !== undefined || !support.workDoneProgress) return connection.window.attachWorkDoneProgress(params.workDoneToken);
  try {
    return await connection.window.createWorkDoneProgress();
  } catch {
    return connection.window.attachWorkDoneProgress(undefined);
  }
}

/** One line for window/showMessage: plain text, so the answer is flattened and shortened, never markup. */
export function resultMessage(result: SolveResultParams): string {
  if (result.error) return `Ponder: ${result.error.message}`;
  const usage = result.usage;
  const cost = `${usage.generatedTokens} tokens, ${usage.calls} calls, ${(usage.wallMs / 1000).toFixed(1)} s`;
  if (result.answer === null) return `Ponder found no answer${result.cancelled ? ' before it was cancelled' : ''} (${cost}).`;
  const answer = result.answer.replace(/\s+/g, ' ').trim();
  const shown = answer.length > 120 ? `${answer.slice(0, 119)}…` : answer;
  return `Ponder: ${shown} (confidence ${Math.round(result.confidence * 100)}%${result.cancelled ? ', cancelled' : ''}; ${cost}). Hover the problem for the best chain.`;
}

async function showTree(ctx: ServerContext, connection: Connection, runId: string, support: ClientSupport): Promise<{ uri: string }> {
  const tree = ctx.runs.snapshot(runId);
  if (!tree) throw new ResponseError(ErrorCodes.InvalidParams, `No run ${runId} on this server (it keeps the last 50).`);
  const uri = await writeTreeDocument(runId, tree, ctx.runs.get(runId)?.result);
  if (support.showDocument) {
    const shown = await connection.window.showDocument({ uri, takeFocus: true });
    if (shown.success) return { uri };
  }
  void connection.window.showInformationMessage(`Ponder: the reasoning tree is at ${uri}`);
  return { uri };
}
