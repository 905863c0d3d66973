// Solving: sends ponder/solve with a work-done token, shows the server's progress in a cancellable
// notification, and reports the answer (or an actionable error) when the search ends.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, WorkDoneProgress } from 'vscode-languageclient/node';
import type { SolveParams, SolveResultParams } from '../../protocol/lsp';
import type { Mode, ThinkMode } from '../../protocol/settings';
import type { Ctx } from '../ctx';
import { leaveDemoIfOllamaAnswers } from '../demo-exit';
import { showPonderError, showUnexpectedError } from '../errors';
import { solveRequest } from '../lsp-ext';
import { inertNotificationText } from '../format';
import { outcomeMessage } from '../messages';
import type { Problem } from './problem-text';

export interface SolveOptions {
  mode: Mode;
  strategy?: string;
  samples?: number;
  /** This solve's thinking, when the fixed-budget picker chose it (otherwise the settings'). */
  think?: ThinkMode;
  thinkBudget?: number;
  tokenCap?: number;
  rerunOf?: string;
}

/** `, thinking high, budget 256` for a solve whose thinking the picker chose; nothing otherwise. */
function thinkingNote(options: SolveOptions): string {
  if (options.think === undefined) return '';
  if (options.think === 'off') return ', no thinking';
  return `, thinking ${options.think}${options.thinkBudget ? `, budget ${options.thinkBudget}` : ''}`;
}

/** A rough token count (about four characters a token) to refuse problems that cannot fit before sending. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Runs one solve to its end. Resolves with the result, or undefined when it was cancelled or failed. */
export async function solve(ctx: Ctx, problem: Problem, options: SolveOptions): Promise<SolveResultParams | undefined> {
  if (problem.text.trim() === '') {
    void vscode.window.showWarningMessage('Ponder: the selection is empty. Select a problem, or run Solve with nothing selected to type one.');
    return undefined;
  }
  const needed = estimateTokens(problem.text);
  if (needed > ctx.settings.contextLength) {
    // A clear message and no request: the prompt could not fit the model's context anyway.
    const suggested = 2 ** Math.ceil(Math.log2(needed + 2048));
    await showPonderError(ctx, {
      kind: 'context-too-small',
      message: `The problem is about ${needed.toLocaleString('en')} tokens long.`,
      suggestedContextLength: Math.min(suggested, 1_048_576),
    });
    return undefined;
  }

  let client;
  try {
    client = await ctx.client();
  } catch (error) {
    await showUnexpectedError(ctx, 'the Ponder server could not start', error);
    return undefined;
  }
  // The demo model stands in only until Ollama answers: a server that appeared since is used now.
  await leaveDemoIfOllamaAnswers(ctx, client);

  const params: SolveParams = {
    problem: problem.text,
    mode: options.mode,
    workDoneToken: `ponder-solve-${randomUUID()}`,
    ...(problem.uri !== undefined ? { uri: problem.uri } : {}),
    ...(problem.range !== undefined ? { range: problem.range } : {}),
    ...(problem.version !== undefined ? { version: problem.version } : {}),
    ...(options.strategy !== undefined ? { strategy: options.strategy } : {}),
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    ...(options.think !== undefined ? { think: options.think } : {}),
    ...(options.thinkBudget !== undefined ? { thinkBudget: options.thinkBudget } : {}),
    ...(options.tokenCap !== undefined ? { tokenCap: options.tokenCap } : {}),
    ...(options.rerunOf !== undefined ? { rerunOf: options.rerunOf } : {}),
  };
  const title = options.mode === 'fixed' ? `Ponder: solving (${options.strategy ?? ctx.settings.fixedStrategy}, N=${options.samples ?? ctx.settings.fixedSamples}${thinkingNote(options)})` : 'Ponder: solving';

  let result: SolveResultParams | undefined;
  const sent = performance.now();
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) =>
        ctx.operations.run('solve', firstLine(problem.text), token, async (op) => {
          void ctx.runs.expect(params).then((runId) => (op.runId = runId));
          let reported = 0;
          const listener = client.onProgress(WorkDoneProgress.type, params.workDoneToken!, (value) => {
            if (value.kind === 'end') return;
            const increment = value.percentage !== undefined ? Math.max(0, value.percentage - reported) : undefined;
            if (value.percentage !== undefined) reported = Math.max(reported, value.percentage);
            progress.report({ ...(value.message !== undefined ? { message: value.message } : {}), ...(increment ? { increment } : {}) });
          });
          try {
            return await client.sendRequest(solveRequest, params, op.source.token);
          } finally {
            listener.dispose();
          }
        }),
    );
  } catch (error) {
    ctx.runs.abandon(params);
    if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) {
      ctx.log.info(`ponder/solve (${options.mode}) cancelled after ${Math.round(performance.now() - sent)} ms, before the server answered`);
      return undefined;
    }
    await showUnexpectedError(ctx, `ponder/solve (${options.mode}) failed after ${Math.round(performance.now() - sent)} ms`, error);
    return undefined;
  }

  ctx.runs.finished(params, result);
  // One line per request: how long it took and how it ended.
  ctx.log.info(
    `ponder/solve (${options.mode}) answered in ${Math.round(performance.now() - sent)} ms: run ${result.runId} by ${result.model?.name ?? 'an unnamed model'}, ` +
      `answer ${JSON.stringify(result.answer)}, confidence ${result.confidence.toFixed(3)}, ${result.strategy}, ` +
      `${result.usage.generatedTokens} tokens, ${result.usage.calls} calls, stop: ${result.stopReason}${result.cancelled ? ', cancelled' : ''}${result.error ? `, ${result.error.kind}` : ''}`,
  );
  // The outcome is shown once the progress notification has gone (see PROGRESS_MIN_VISIBLE_MS); the command
  // itself resolves now.
  const finished = result;
  setTimeout(() => {
    if (finished.error) {
      void showPonderError(ctx, finished.error, async () => {
        await solve(ctx, problem, options);
      });
    } else {
      announce(finished);
    }
  }, Math.max(0, PROGRESS_MIN_VISIBLE_MS - (performance.now() - sent)));
  return result;
}

/**
 * VS Code keeps a progress notification up for at least 800 ms whatever the task does ("Show progress for at
 * least 800ms", workbench/services/progress/browser/progressService.ts), so a solve faster than that would put
 * its outcome under a stale "solving: 0 samples" toast with a Cancel button. The outcome waits for it to close
 * (the extra 50 ms covers the close).
 */
const PROGRESS_MIN_VISIBLE_MS = 850;

/** Tells the user the outcome without waiting for them (the command resolves as soon as the search ends). */
function announce(result: SolveResultParams): void {
  const cost = `${result.strategy}, ${result.usage.generatedTokens.toLocaleString('en')} tokens, ${(result.usage.wallMs / 1000).toFixed(1)} s`;
  if (result.cancelled) {
    // The user asked for it: a quiet note, not another notification. The tree view keeps the partial tree.
    vscode.window.setStatusBarMessage(`Ponder: cancelled; the partial tree is kept (${cost})`, 8000);
    return;
  }
  const message = outcomeMessage(result, cost);
  const buttons = result.answer !== null ? ['Show Tree', 'Insert Answer'] : ['Show Tree'];
  void vscode.window.showInformationMessage(inertNotificationText(message), ...buttons).then((choice) => {
    if (choice === 'Show Tree') void vscode.commands.executeCommand('ponder.showReasoningTree', result.runId);
    if (choice === 'Insert Answer') void vscode.commands.executeCommand('ponder.insertAnswer', result.runId);
  });
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
