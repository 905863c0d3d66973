// The reasoning tree as it crosses process boundaries: a full snapshot, then deltas that grow it.
// Types only: the engine builds trees (src/engine/tree), the server sends them, the webview draws them.

export type NodeKind = 'problem' | 'step' | 'answer' | 'revision' | 'verification' | 'decision';
export type NodeStatus = 'streaming' | 'done' | 'pruned' | 'failed' | 'chosen';

export interface NodeUsage {
  promptTokens: number;
  generatedTokens: number;
  calls: number;
  wallMs: number;
}

export interface TreeNode {
  id: string;
  parentId: string | null;
  kind: NodeKind;
  status: NodeStatus;
  /** The step's text, the answer's text, the problem, or a decision's explanation. */
  text: string;
  /** A thinking model's hidden trace, when there is one (shown collapsed). */
  thinking?: string;
  /** Thinking tokens of this node's generation, when the model thought. */
  thinkingTokens?: number;
  /** The thinking budget the generation had, and how its thinking ended (see ThinkingEnding in the engine). */
  thinkingBudget?: number;
  thinkingEnding?: 'natural' | 'cut' | 'extended' | 'stopped';
  /** Times "Wait" was appended to extend the thinking. */
  thinkingExtensions?: number;
  /**
   * Set when `thinkingBudget` was no budget anyone asked for but the generation's trace allowance (the most a
   * trace may run before it is forced to an answer, or stopped, when no thinking budget is set).
   */
  thinkingLimit?: 'allowance';
  /** Verifier score in [0, 1] of this step (or the chain's aggregate, on an answer node). */
  score?: number;
  /** What the verifier said, e.g. `P(yes)=0.91 (log-probabilities)`. */
  verdict?: string;
  /** The normalised final answer, on answer nodes. */
  answer?: string;
  /** Index of the sample or beam this node belongs to. */
  sample?: number;
  /** Depth in steps from the problem (problem = 0). */
  depth: number;
  usage: NodeUsage;
  /** Why a node failed or was pruned, for people to read. */
  reason?: string;
}

/** One cluster of equivalent answers and how it voted. */
export interface AnswerTally {
  answer: string;
  votes: number;
  /** Sum of verifier scores of the chains that reached this answer. */
  weight: number;
  /** Share of the (weighted, if scores exist) vote in [0, 1]. */
  share: number;
  nodeIds: string[];
}

/** A decision the search took, recorded for the UI (adaptive difficulty, strategy, why it stopped). */
export interface SearchDecision {
  kind: 'difficulty' | 'strategy' | 'stop' | 'warning';
  message: string;
  data?: Record<string, number | string | boolean>;
}

export interface UsageTotals {
  promptTokens: number;
  generatedTokens: number;
  calls: number;
  wallMs: number;
  /** The hard cap on generated tokens for this run. */
  tokenCap: number;
  /** Of generatedTokens: those spent thinking, and those spent by the verifier (judge calls); the rest is answers. */
  thinkingTokens?: number;
  verifyTokens?: number;
}

export interface TreeSnapshot {
  runId: string;
  problem: string;
  strategy: string;
  nodes: TreeNode[];
  answers: AnswerTally[];
  decisions: SearchDecision[];
  usage: UsageTotals;
  chosenAnswer?: string;
  confidence?: number;
  finished: boolean;
  /** Why the run ended early, when a failure ended it (its partial tree is kept). */
  error?: string;
}

/** A change to a snapshot. Applying every delta in order to the first snapshot gives the latest one. */
export type TreeDelta =
  | { type: 'nodeAdded'; node: TreeNode }
  | { type: 'textAppended'; id: string; text: string; thinking?: string }
  | { type: 'nodeUpdated'; id: string; patch: Partial<Omit<TreeNode, 'id' | 'parentId' | 'kind'>> }
  | { type: 'answersChanged'; answers: AnswerTally[]; chosenAnswer?: string; confidence?: number }
  | { type: 'decision'; decision: SearchDecision }
  | { type: 'usage'; usage: UsageTotals }
  /** The run ended; `error` says why when a failure ended it. */
  | { type: 'finished'; error?: string };
