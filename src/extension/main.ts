// Entry point. Activation only registers things (the server starts with the first command that needs it);
// a failure is shown to the user and rethrown so VS Code records it, never swallowed.
import * as vscode from 'vscode';
import { registerChatFeatures } from './chat/register';
import type { ChatFeatures } from './chat/register';
import { registerCommands } from './commands/register';
import { insertAnswerOfRun } from './commands/answer';
import { rerun } from './commands/runs-commands';
import { API_KEY_SECRET, Ctx } from './ctx';
import { createLog } from './log';
import { exportRun } from './panel/export';
import { TreePanel } from './panel/tree-panel';
import { StatusBar } from './status-bar';

let ctx: Ctx | undefined;

/** What activate returns: used by the end-to-end tests, not a public API. */
export interface PonderExtensionApi {
  readonly ctx: Ctx;
  readonly statusBar: StatusBar;
  readonly treePanel: TreePanel;
  readonly activationMs: number;
  /** The chat participant's handler and whether the MCP server definition was registered. */
  readonly chat: ChatFeatures;
}

export function activate(context: vscode.ExtensionContext): PonderExtensionApi {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log.channel);
  try {
    const created = new Ctx(context, log);
    ctx = created;
    const treePanel = new TreePanel(created, {
      rerun: (runId, factor) => rerun(created, runId, factor),
      insertAnswer: (runId, answer) => insertAnswerOfRun(created, runId, answer),
      exportRun,
    });
    const statusBar = new StatusBar(created);
    created.pushExtension(treePanel, statusBar);
    registerCommands(created, treePanel);
    // A key changed in another window (secret storage is shared) reaches this window's server too.
    created.pushExtension(context.secrets.onDidChange((event) => {
      if (event.key === API_KEY_SECRET) void created.sendApiKey();
    }));
    const chat = registerChatFeatures(created);
    const activationMs = performance.now() - started;
    const version = (context.extension.packageJSON as { version?: string }).version ?? '';
    log.info(`Ponder ${version} activated in ${activationMs.toFixed(1)} ms (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted: only user settings are read'})`);
    return { ctx: created, statusBar, treePanel, activationMs, chat };
  } catch (error) {
    log.error('activation failed', error);
    void vscode.window.showErrorMessage(`Ponder failed to start: ${error instanceof Error ? error.message : String(error)}`, 'Show Log').then((choice) => {
      if (choice === 'Show Log') log.channel.show();
    });
    throw error;
  }
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
