// The LanguageClient for the Ponder server (dist/server.js over Node IPC). The server builds hovers; here
// their Markdown is trusted for Ponder's own two command links and nothing else. A crash is reported and
// the server restarted once; a second crash leaves it stopped with a message saying so.
import * as vscode from 'vscode';
import type { ErrorHandler, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { CloseAction, ErrorAction, LanguageClient, TransportKind } from 'vscode-languageclient/node';
import { HOVER_COMMANDS } from '../protocol/lsp';
import type { PonderSettings } from '../protocol/settings';
import type { Log } from './log';

export interface ClientHooks {
  /** Called when the server has stopped for good (after its one restart). */
  onGaveUp(): void;
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  settings: () => PonderSettings,
  log: Log,
  hooks: ClientHooks,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Problems can be in any text file; the server keeps results only for ranges that were solved. When
    // Ponder runs on the user's computer in a remote window, the files are vscode-remote documents.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }],
    initializationOptions: settings(),
    outputChannel: log.channel,
    errorHandler: restartOnce(log, hooks),
    middleware: {
      workspace: {
        // The server registers for ponder.* changes (for clients that only pull), so the library would push
        // VS Code's raw view of the section on every change (vscode-languageclient, common/configuration.js,
        // extractSettingsInformation) after the validated settings the extension pushes itself (ctx.ts
        // reloadSettings): the server would lose the session's demo model, resolved paths and every
        // correction made with a warning. The extension's push is the only one.
        didChangeConfiguration: () => Promise.resolve(),
        // When the server pulls its settings it gets the extension's validated, trust-filtered ones, never
        // VS Code's raw view of the configuration (which would include workspace values).
        configuration: async (params, token, next) => {
          const answers = params.items.map((item) => (item.section === 'ponder' ? settings() : undefined));
          if (answers.every((answer) => answer !== undefined)) return answers;
          const others = await next({ items: params.items.filter((item) => item.section !== 'ponder') }, token);
          if (!Array.isArray(others)) return others;
          let next_ = 0;
          return answers.map((answer) => answer ?? (others[next_++] as unknown));
        },
      },
      async provideHover(document, position, token, next) {
        const hover = await log.timed('textDocument/hover', async () => next(document, position, token));
        return hover ? new vscode.Hover(hover.contents.map(trustOnlyPonderLinks), hover.range) : hover;
      },
    },
  };
  return new LanguageClient('ponder', 'Ponder', serverOptions, clientOptions);
}

/**
 * Hover text includes model output, which is untrusted: no HTML, and of all `command:` links only the two
 * Ponder commands run (a link to any other command in a model's answer stays inert).
 */
export function trustOnlyPonderLinks(content: vscode.MarkdownString | vscode.MarkedString): vscode.MarkdownString | vscode.MarkedString {
  const value = typeof content === 'string' ? content : content instanceof vscode.MarkdownString ? content.value : undefined;
  if (value === undefined) return content; // a { language, value } code block: rendered as code, nothing to trust
  const markdown = new vscode.MarkdownString(value, false);
  markdown.supportHtml = false;
  markdown.isTrusted = { enabledCommands: [HOVER_COMMANDS.showTree, HOVER_COMMANDS.solveAgain] };
  return markdown;
}

function restartOnce(log: Log, hooks: ClientHooks): ErrorHandler {
  let restarts = 0;
  return {
    error(error, _message, count) {
      log.error('connection to the Ponder server failed', error);
      return { action: (count ?? 1) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    },
    closed() {
      if (restarts === 0) {
        restarts += 1;
        log.error('the Ponder server stopped unexpectedly; restarting it once');
        void vscode.window.showWarningMessage('The Ponder server stopped unexpectedly and was restarted.', 'Show Log').then((choice) => {
          if (choice === 'Show Log') log.channel.show();
        });
        return { action: CloseAction.Restart, handled: true };
      }
      log.error('the Ponder server stopped again; not restarting it');
      hooks.onGaveUp();
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}
