// The custom LSP methods of src/protocol/lsp.ts as typed request and notification objects, in one place, so
// every call site gets its params and result types checked.
import { NotificationType, RequestType } from 'vscode-languageclient/node';
import type {
  ExplainParams,
  ExplainResult,
  GetRunParams,
  ModelsResult,
  PullParams,
  PullResult,
  RunStartedParams,
  RunSummary,
  SolveParams,
  SolveResultParams,
  TreeDeltaParams,
  WarningParams,
} from '../protocol/lsp';
import {
  EXPLAIN_METHOD,
  GET_RUN_METHOD,
  LIST_RUNS_METHOD,
  MODELS_METHOD,
  PULL_METHOD,
  RUN_STARTED_NOTIFICATION,
  SOLVE_METHOD,
  TREE_DELTA_NOTIFICATION,
  WARNING_NOTIFICATION,
} from '../protocol/lsp';
import type { TreeSnapshot } from '../protocol/tree';

/** client → server */
export const solveRequest = new RequestType<SolveParams, SolveResultParams, void>(SOLVE_METHOD);
export const getRunRequest = new RequestType<GetRunParams, TreeSnapshot | null, void>(GET_RUN_METHOD);
export const listRunsRequest = new RequestType<Record<string, never>, RunSummary[], void>(LIST_RUNS_METHOD);
export const modelsRequest = new RequestType<Record<string, never>, ModelsResult, void>(MODELS_METHOD);
export const pullRequest = new RequestType<PullParams, PullResult, void>(PULL_METHOD);
export const explainRequest = new RequestType<ExplainParams, ExplainResult | null, void>(EXPLAIN_METHOD);

/** server → client */
export const runStartedNotification = new NotificationType<RunStartedParams>(RUN_STARTED_NOTIFICATION);
export const treeDeltaNotification = new NotificationType<TreeDeltaParams>(TREE_DELTA_NOTIFICATION);
export const warningNotification = new NotificationType<WarningParams>(WARNING_NOTIFICATION);
