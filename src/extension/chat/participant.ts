// The `@ponder` chat participant: /solve (the default) streams the server's progress and then the answer as
// Markdown with buttons to open the tree and to solve again with twice the budget; /tree and /explain act on
// the last run. Problem and model text are inert Markdown (MarkdownString, untrusted, no HTML); the buttons
// run Ponder's own commands and nothing else.
import * as vscode from 'vscode';
import type { SolveResultParams } from '../../protocol/lsp';
import type { TreeSnapshot } from '../../protocol/tree';
import { COMMANDS } from '../commands/ids';
import type { Ctx } from '../ctx';
import { getRunRequest } from '../lsp-ext';
import { answerMarkdown, explainMarkdown } from './result-markdown';
import { solveQuietly } from './solve-quietly';

export const PARTICIPANT_ID = 'ponder.chat';

export interface PonderChatResult extends vscode.ChatResult {
  metadata: { runId?: string; command: string };
}

function inert(text: string): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(text, false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return markdown;
}

export function createChatHandler(ctx: Ctx): vscode.ChatRequestHandler {
  /** The last run solved from chat; /tree and /explain fall back to the editor's last run. */
  let lastRunId: string | undefined;

  const addButtons = (stream: vscode.ChatResponseStream, result: SolveResultParams): void => {
    stream.button({ command: COMMANDS.showReasoningTree, title: 'Open reasoning tree', arguments: [result.runId] });
    stream.button({ command: COMMANDS.solveAgainWithMoreBudget, title: 'Solve again with twice the budget', arguments: [result.runId, Math.max(1, result.usage.tokenCap) * 2] });
  };

  return async (request, _context, stream, token): Promise<PonderChatResult> => {
    const command = request.command ?? 'solve';
    if (command === 'tree' || command === 'explain') {
      const runId = lastRunId ?? ctx.runs.lastRunId;
      const result = runId === undefined ? undefined : ctx.runs.get(runId)?.result;
      if (!runId || !result) {
        stream.markdown('No run yet. Ask `@ponder /solve` with a problem, e.g. `@ponder /solve What is (17*23)+5-9?`');
        return { metadata: { command } };
      }
      if (command === 'explain') stream.markdown(inert(explainMarkdown(result, await treeOf(ctx, runId))));
      else {
        stream.markdown(inert(answerMarkdown(result)));
        await vscode.commands.executeCommand(COMMANDS.showReasoningTree, runId);
      }
      addButtons(stream, result);
      return { metadata: { runId, command } };
    }

    const problem = request.prompt.trim();
    if (problem === '') {
      stream.markdown('Give me a problem to solve, e.g. `@ponder /solve What is (17*23)+5-9?`');
      return { metadata: { command } };
    }
    const settings = ctx.settings;
    stream.progress(settings.useSimulatedModel ? 'Solving with Ponder (simulated demo model)…' : `Solving with Ponder on ${settings.model}…`);
    let lastMessage = '';
    const result = await solveQuietly(
      ctx,
      { problem, mode: settings.mode, ...(settings.mode === 'fixed' ? { strategy: settings.fixedStrategy, samples: settings.fixedSamples } : {}) },
      token,
      (message) => {
        if (message === lastMessage) return;
        lastMessage = message;
        stream.progress(message);
      },
    );
    lastRunId = result.runId;
    stream.markdown(inert(answerMarkdown(result)));
    if (!result.error) addButtons(stream, result);
    return { metadata: { runId: result.runId, command } };
  };
}

async function treeOf(ctx: Ctx, runId: string): Promise<TreeSnapshot | undefined> {
  const mirrored = ctx.runs.get(runId)?.mirror?.snapshot;
  if (mirrored) return mirrored;
  try {
    const client = await ctx.client();
    return (await client.sendRequest(getRunRequest, { runId })) ?? undefined;
  } catch {
    return undefined;
  }
}
