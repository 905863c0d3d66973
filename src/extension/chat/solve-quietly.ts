// A solve for the chat participant and the language-model tool: the same ponder/solve request as the
// editor's command, with the server's progress messages handed to the caller instead of a notification,
// and VS Code's cancellation token wired to $/cancelRequest (the server aborts the search and closes every
// model request). The run is registered like any other, so the tree view can open it.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, WorkDoneProgress } from 'vscode-languageclient/node';
import type { SolveParams, SolveResultParams } from '../../protocol/lsp';
import type { Mode } from '../../protocol/settings';
import type { Ctx } from '../ctx';
import { solveRequest } from '../lsp-ext';

export interface QuietSolve {
  problem: string;
  mode: Mode;
  strategy?: string;
  samples?: number;
  tokenCap?: number;
  rerunOf?: string;
}

export async function solveQuietly(ctx: Ctx, request: QuietSolve, token: vscode.CancellationToken, onProgress: (message: string) => void): Promise<SolveResultParams> {
  const client = await ctx.client();
  const params: SolveParams = {
    problem: request.problem,
    mode: request.mode,
    workDoneToken: `ponder-chat-${randomUUID()}`,
    ...(request.strategy === undefined ? {} : { strategy: request.strategy }),
    ...(request.samples === undefined ? {} : { samples: request.samples }),
    ...(request.tokenCap === undefined ? {} : { tokenCap: request.tokenCap }),
    ...(request.rerunOf === undefined ? {} : { rerunOf: request.rerunOf }),
  };
  const label = request.problem.trim().split('\n')[0]?.slice(0, 60) ?? 'problem';
  return ctx.operations.run('solve', label, token, async (op) => {
    void ctx.runs.expect(params).then((runId) => (op.runId = runId));
    const listener = client.onProgress(WorkDoneProgress.type, params.workDoneToken!, (value) => {
      if (value.kind !== 'end' && value.message !== undefined) onProgress(value.message);
    });
    try {
      const result = await ctx.log.timed('ponder/solve (chat)', () => client.sendRequest(solveRequest, params, op.source.token));
      ctx.runs.finished(params, result);
      return result;
    } catch (error) {
      ctx.runs.abandon(params);
      if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) throw new vscode.CancellationError();
      throw error;
    } finally {
      listener.dispose();
    }
  });
}
