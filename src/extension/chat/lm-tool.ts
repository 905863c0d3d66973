// `ponder_solve`, a language-model tool agent mode can call. The confirmation says what will run, on which
// model and at what budget; progress shows in the status bar while the search runs; cancelling the tool call
// cancels the search; the result tells the agent's model the answer, confidence and cost, and the user gets
// a notification with the tree one click away.
import * as vscode from 'vscode';
import { inertMarkdown } from '../../shared/inert-markdown';
import { getRunRequest } from '../lsp-ext';
import type { Ctx } from '../ctx';
import { COMMANDS } from '../commands/ids';
import { inertNotificationText } from '../format';
import { toolResultText } from './result-markdown';
import { solveQuietly } from './solve-quietly';
import { checkToolInput } from './tool-input';

export const TOOL_NAME = 'ponder_solve';

export function createSolveTool(ctx: Ctx): vscode.LanguageModelTool<unknown> {
  return {
    prepareInvocation(options) {
      const input = checkToolInput(options.input, ctx.settings);
      // A bad input is reported by invoke, where the agent's model reads the message.
      if (typeof input === 'string') return { invocationMessage: 'Checking the problem for Ponder…' };
      const settings = ctx.settings;
      const model = settings.useSimulatedModel ? 'the simulated demo model' : `**${inertMarkdown(settings.model, 80)}** at ${inertMarkdown(settings.ollamaHost, 120)}`;
      const search = input.mode === 'fixed' ? `${input.strategy ?? settings.fixedStrategy} search with ${input.samples ?? settings.fixedSamples} chains` : 'adaptive search';
      const message = new vscode.MarkdownString(
        `Ponder will run ${search} on ${model}, generating at most **${input.tokenCap.toLocaleString('en')} tokens**.\n\n` +
          `Problem: ${inertMarkdown(input.problem, 600)}`,
      );
      return { invocationMessage: 'Solving with Ponder…', confirmationMessages: { title: 'Solve with Ponder?', message } };
    },
    async invoke(options, token) {
      const input = checkToolInput(options.input, ctx.settings);
      if (typeof input === 'string') throw new Error(`Invalid input for ${TOOL_NAME}: ${input}`);
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Ponder' }, (progress) =>
        solveQuietly(ctx, input, token, (message) => progress.report({ message })),
      );
      const tree = ctx.runs.get(result.runId)?.mirror?.snapshot ?? (await fetchTree(ctx, result.runId));
      if (!result.error && !token.isCancellationRequested) {
        const answer = result.answer === null ? 'no answer' : inertNotificationText(result.answer.replace(/\s+/g, ' ').slice(0, 120));
        void vscode.window
          .showInformationMessage(`Ponder answered the agent: ${answer} (${Math.round(result.confidence * 100)}%)`, 'Show Reasoning Tree')
          .then((choice) => (choice ? vscode.commands.executeCommand(COMMANDS.showReasoningTree, result.runId) : undefined));
      }
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(toolResultText(result, tree))]);
    },
  };
}

async function fetchTree(ctx: Ctx, runId: string) {
  try {
    const client = await ctx.client();
    return (await client.sendRequest(getRunRequest, { runId })) ?? undefined;
  } catch {
    return undefined;
  }
}
