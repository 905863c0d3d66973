// Registers every command. Each runs through `guard`, which logs and shows failures instead of letting
// them disappear into the command service.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { showUnexpectedError } from '../errors';
import type { TreePanel } from '../panel/tree-panel';
import { insertAnswerBelowSelection, insertAnswerOfRun } from './answer';
import { pickFixedBudget } from './fixed-budget';
import { COMMANDS } from './ids';
import { pullModel, selectModel } from './models';
import { problemFromEditor } from './problem-text';
import { cancelOperations, rerun, runIdArgument, showReasoningTree } from './runs-commands';
import { setApiKey } from './api-key';
import { solve } from './solve';

export function registerCommands(ctx: Ctx, panel: TreePanel): void {
  const register = (id: string, handler: (...args: unknown[]) => Promise<unknown>): void => {
    ctx.pushExtension(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          await showUnexpectedError(ctx, `${id} failed`, error);
          return undefined;
        }
      }),
    );
  };

  register(COMMANDS.setApiKey, () => setApiKey(ctx));
  register(COMMANDS.solveSelection, async () => {
    const problem = await problemFromEditor(vscode.window.activeTextEditor);
    if (!problem) return undefined;
    const { mode, fixedStrategy, fixedSamples } = ctx.settings;
    return solve(ctx, problem, mode === 'fixed' ? { mode, strategy: fixedStrategy, samples: fixedSamples } : { mode });
  });
  register(COMMANDS.solveSelectionFixed, async () => {
    const problem = await problemFromEditor(vscode.window.activeTextEditor);
    if (!problem) return undefined;
    const choice = await pickFixedBudget(ctx);
    if (!choice) return undefined;
    return solve(ctx, problem, { mode: 'fixed', ...choice });
  });
  register(COMMANDS.showReasoningTree, (arg) => showReasoningTree(ctx, panel, arg));
  // The hover's link carries [runId, tokenCap]: the new cap, twice the run's.
  register(COMMANDS.solveAgainWithMoreBudget, (arg, tokenCap) => rerun(ctx, arg, 2, typeof tokenCap === 'number' ? tokenCap : undefined));
  register(COMMANDS.cancel, () => cancelOperations(ctx));
  register(COMMANDS.selectModel, () => selectModel(ctx));
  register(COMMANDS.pullModel, (arg) => pullModel(ctx, typeof arg === 'string' ? arg : undefined));
  register(COMMANDS.insertAnswer, async (arg) => {
    const runId = runIdArgument(arg);
    return runId === undefined ? insertAnswerBelowSelection(ctx) : insertAnswerOfRun(ctx, runId, undefined);
  });
  register(COMMANDS.showLog, () => {
    ctx.log.channel.show();
    return Promise.resolve(true);
  });
}
