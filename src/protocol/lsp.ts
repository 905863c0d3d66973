// Every custom LSP method between the extension (client) and the Ponder server, in one typed file. Each has
// its method name, its params and result types, and a comment on its direction. The server also answers
// standard `textDocument/hover` for solved ranges.
import type { Mode, ThinkMode } from './settings';
import type { TreeDelta, TreeSnapshot, UsageTotals } from './tree';

/** Zero-based line/character positions, as in LSP. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** client → server request (with work-done progress and $/cancelRequest): solve one problem. */
export const SOLVE_METHOD = 'ponder/solve';
export interface SolveParams {
  problem: string;
  /** Where the problem came from, so the result can be shown on hover there; absent for problems typed in. */
  uri?: string;
  range?: Range;
  /** Document version the range refers to. */
  version?: number;
  mode: Mode;
  /** Fixed mode: the strategy and its size. */
  strategy?: string;
  samples?: number;
  /** Overrides `ponder.think` and `ponder.thinkBudget` for this solve (the fixed-budget picker's thinking step; 0 = no budget). */
  think?: ThinkMode;
  thinkBudget?: number;
  /** Overrides the settings' token cap (e.g. "solve again with twice the budget"). */
  tokenCap?: number;
  /** The run this one repeats, if any. */
  rerunOf?: string;
  workDoneToken?: string | number;
}
export interface SolveResultParams {
  runId: string;
  answer: string | null;
  confidence: number;
  strategy: string;
  usage: UsageTotals;
  stopReason: string;
  cancelled: boolean;
  /** Set when the search failed: what to tell the user. */
  error?: PonderError;
  /** The model that answered: its name (or "demo model") and, for Ollama, the host it ran on. */
  model?: { name: string; simulated: boolean; host?: string };
  /** The demo model answered, and the problem is not one it can read (it solves arithmetic only). */
  beyondDemo?: boolean;
  /** Who scored the steps: the log-probability judge, its sampled fallback (a server without
   *  log-probabilities), or a trained process reward model; `description` names the model. */
  verifier?: { method: 'logprobs' | 'sampled' | 'prm'; description: string };
}

/** A failure the client can act on: `kind` picks the buttons it offers. */
export interface PonderError {
  kind:
    | 'server-not-running'
    | 'model-not-found'
    | 'server-busy'
    | 'context-too-small'
    | 'auth-failed'
    | 'bad-input'
    | 'model-failed'
    | 'internal';
  message: string;
  host?: string;
  model?: string;
  /** For context-too-small: a context length that would fit. */
  suggestedContextLength?: number;
}

/** server → client notification: a run began; `snapshot` is its first state. */
export const RUN_STARTED_NOTIFICATION = 'ponder/runStarted';
export interface RunStartedParams {
  runId: string;
  snapshot: TreeSnapshot;
  uri?: string;
  range?: Range;
}

/** server → client notification: the deltas of a run since the last batch (at most ~20 batches a second). */
export const TREE_DELTA_NOTIFICATION = 'ponder/treeDelta';
export interface TreeDeltaParams {
  runId: string;
  deltas: TreeDelta[];
}

/** server → client notification: a warning to show once (e.g. the verifier uses the sampled fallback). */
export const WARNING_NOTIFICATION = 'ponder/warning';
export interface WarningParams {
  message: string;
}

/** client → server request: the latest snapshot of a run (to reopen the tree view), or null if evicted. */
export const GET_RUN_METHOD = 'ponder/getRun';
export interface GetRunParams {
  runId: string;
}

/** client → server request: the recent runs, newest first. */
export const LIST_RUNS_METHOD = 'ponder/runs';
export interface RunSummary {
  runId: string;
  problem: string;
  answer: string | null;
  confidence: number;
  strategy: string;
  finished: boolean;
  startedAt: number;
  uri?: string;
}

/** client → server request: the models installed on the Ollama server, with what they can do. */
export const MODELS_METHOD = 'ponder/models';
export interface ModelsResult {
  host: string;
  /** Ollama's version, or null if the server did not answer. */
  version: string | null;
  /** The server returns log-probabilities (Ollama ≥ 0.12.11). */
  logprobs: boolean;
  models: ModelInfo[];
  error?: PonderError;
}
export interface ModelInfo {
  name: string;
  sizeBytes: number;
  family: string;
  parameterSize: string;
  quantization: string;
  thinking: boolean;
}

/**
 * client → server notification: the API key of the OpenAI-compatible server, from VS Code's secret storage
 * (null: none). The server keeps it in memory only, for the Authorization header.
 */
export const API_KEY_NOTIFICATION = 'ponder/apiKey';
export interface ApiKeyParams {
  key: string | null;
}

/** client → server request (with work-done progress and cancellation): pull a model. */
export const PULL_METHOD = 'ponder/pull';
export interface PullParams {
  model: string;
  workDoneToken?: string | number;
}
export interface PullResult {
  ok: boolean;
  error?: PonderError;
}

/** client → server request: the explanation of the solved range at a position, as Markdown, or null. */
export const EXPLAIN_METHOD = 'ponder/explain';
export interface ExplainParams {
  uri: string;
  position: Position;
}
export interface ExplainResult {
  runId: string;
  markdown: string;
  answer: string | null;
}

/** Commands the hover's links may run (the only command links a hover enables). */
export const HOVER_COMMANDS = {
  showTree: 'ponder.showReasoningTree',
  solveAgain: 'ponder.solveAgainWithMoreBudget',
} as const;

/** Arguments of the hover's `showTree` link: the run to open. */
export type ShowTreeArgs = [runId: string];
/**
 * Arguments of the hover's `solveAgain` link: the run to repeat and the token cap to give it (twice the
 * run's). A `ponder/solve` with `rerunOf` set and an empty `problem` repeats that run's problem, on its
 * document range as edits have moved it.
 */
export type SolveAgainArgs = [runId: string, tokenCap: number];
