// Commands about runs that already exist: show one in the tree view, solve one again with more budget, cancel.
import * as vscode from 'vscode';
import type { SolveResultParams } from '../../protocol/lsp';
import type { Ctx } from '../ctx';
import { showUnexpectedError } from '../errors';
import { getRunRequest, listRunsRequest } from '../lsp-ext';
import type { Operation } from '../operations';
import type { TreePanel } from '../panel/tree-panel';
import { solve } from './solve';

const MAX_TOKEN_CAP = 10_000_000;

/** Command arguments from hover links arrive as a string or as `{ runId }`. */
export function runIdArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg !== '') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { runId?: unknown }).runId === 'string') return (arg as { runId: string }).runId;
  return undefined;
}

export async function showReasoningTree(ctx: Ctx, panel: TreePanel, arg: unknown): Promise<string | undefined> {
  const runId = runIdArgument(arg) ?? (await pickRun(ctx));
  if (runId !== undefined) panel.show(runId);
  return runId;
}

async function pickRun(ctx: Ctx): Promise<string | undefined> {
  let runs;
  try {
    const client = await ctx.client();
    runs = await ctx.log.timed('ponder/runs', () => client.sendRequest(listRunsRequest, {}));
  } catch (error) {
    await showUnexpectedError(ctx, 'could not list the runs', error);
    return ctx.runs.lastRunId;
  }
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('Ponder: no runs yet. Select a problem and run "Ponder: Solve Selection".');
    return undefined;
  }
  if (runs.length === 1) return runs[0]?.runId;
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({
      label: run.problem.trim().split('\n')[0]?.slice(0, 80) ?? run.runId,
      description: run.finished ? `${run.answer ?? 'no answer'} · ${Math.round(run.confidence * 100)}%` : 'running',
      detail: `${run.strategy} · ${new Date(run.startedAt).toLocaleTimeString()}`,
      runId: run.runId,
    })),
    { title: 'Ponder: Show Reasoning Tree', placeHolder: 'Newest first' },
  );
  return picked?.runId;
}

/** Solves a run's problem again with `factor` times its token cap, or with `tokenCap` when given. */
export async function rerun(ctx: Ctx, arg: unknown, factor: number, tokenCap?: number): Promise<SolveResultParams | undefined> {
  const runId = runIdArgument(arg) ?? ctx.runs.lastRunId;
  if (runId === undefined) {
    void vscode.window.showInformationMessage('Ponder: no run to solve again.');
    return undefined;
  }
  const record = ctx.runs.get(runId);
  let problem = record?.params.problem;
  let cap = record?.result?.usage.tokenCap ?? record?.mirror?.snapshot.usage.tokenCap;
  if (problem === undefined || cap === undefined) {
    const client = await ctx.client();
    const snapshot = await ctx.log.timed('ponder/getRun', () => client.sendRequest(getRunRequest, { runId }));
    if (!snapshot) {
      void vscode.window.showWarningMessage('Ponder: that run is no longer kept by the server; select the problem and solve it again.');
      return undefined;
    }
    problem ??= snapshot.problem;
    cap ??= snapshot.usage.tokenCap;
  }
  const base = cap > 0 ? cap : ctx.settings.maxTokensPerProblem;
  const params = record?.params;
  return solve(
    ctx,
    {
      text: problem,
      ...(record?.uri !== undefined ? { uri: record.uri } : {}),
      ...(record?.range !== undefined ? { range: record.range } : {}),
    },
    {
      mode: params?.mode ?? ctx.settings.mode,
      ...(params?.strategy !== undefined ? { strategy: params.strategy } : {}),
      ...(params?.samples !== undefined ? { samples: params.samples } : {}),
      // The thinking a picker chose for that run is kept too (its budget per sample, not doubled).
      ...(params?.think !== undefined ? { think: params.think } : {}),
      ...(params?.thinkBudget !== undefined ? { thinkBudget: params.thinkBudget } : {}),
      tokenCap: Math.min(MAX_TOKEN_CAP, tokenCap !== undefined && Number.isInteger(tokenCap) && tokenCap > 0 ? tokenCap : Math.round(base * factor)),
      rerunOf: runId,
    },
  );
}

export async function cancelOperations(ctx: Ctx): Promise<number> {
  const active = ctx.operations.list();
  if (active.length === 0) {
    void vscode.window.showInformationMessage('Ponder: nothing is running.');
    return 0;
  }
  if (active.length === 1) {
    ctx.operations.cancel(active[0]!);
    return 1;
  }
  const items: (vscode.QuickPickItem & { op?: Operation })[] = [
    { label: 'Cancel all', description: `${active.length} operations` },
    ...active.map((op) => ({ label: op.label, description: op.kind, op })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Ponder: Cancel' });
  if (!picked) return 0;
  const chosen = picked.op ? [picked.op] : active;
  for (const op of chosen) ctx.operations.cancel(op);
  return chosen.length;
}
