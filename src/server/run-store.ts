// The runs of this server session, bounded: the newest MAX_RUNS are kept, and beyond a total of
// MAX_TREE_NODES nodes the oldest finished runs lose their trees (their summaries stay, so hovers and the
// run list still work; reopening such a tree answers null).
import type { RunSummary, SolveResultParams } from '../protocol/lsp';
import type { TreeSnapshot } from '../protocol/tree';
import type { BestChain } from './best-chain';
import type { StopSummary } from './stop-summary';

export interface RunRecord {
  runId: string;
  problem: string;
  startedAt: number;
  uri?: string;
  /** Live while the run is going (a function, so a snapshot is only built when asked for). */
  live?: () => TreeSnapshot;
  /** The final tree, until evicted. */
  tree?: TreeSnapshot;
  result?: SolveResultParams;
  best?: BestChain;
  /** Why sampling stopped where it did (kept when the tree is evicted, like `best`). */
  stopping?: StopSummary;
}

export interface RunStoreLimits {
  maxRuns: number;
  maxTreeNodes: number;
}

export const DEFAULT_LIMITS: RunStoreLimits = { maxRuns: 50, maxTreeNodes: 50_000 };

export class RunStore {
  /** Oldest first. */
  readonly #runs = new Map<string, RunRecord>();

  constructor(
    private readonly limits: RunStoreLimits = DEFAULT_LIMITS,
    /** Told about every run dropped entirely, so what refers to it can be forgotten too. */
    private readonly onDropped: (runId: string) => void = () => undefined,
  ) {}

  start(record: RunRecord): void {
    this.#runs.set(record.runId, record);
    this.#evict();
  }

  finish(runId: string, tree: TreeSnapshot, result: SolveResultParams, best: BestChain | undefined, stopping?: StopSummary): void {
    const record = this.#runs.get(runId);
    if (!record) return;
    delete record.live;
    record.tree = tree;
    record.result = result;
    if (best) record.best = best;
    if (stopping) record.stopping = stopping;
    this.#evict();
  }

  get(runId: string): RunRecord | undefined {
    return this.#runs.get(runId);
  }

  snapshot(runId: string): TreeSnapshot | null {
    const record = this.#runs.get(runId);
    if (!record) return null;
    return record.live?.() ?? record.tree ?? null;
  }

  /** Newest first. */
  list(): RunSummary[] {
    return [...this.#runs.values()].reverse().map((record) => ({
      runId: record.runId,
      problem: record.problem,
      answer: record.result?.answer ?? null,
      confidence: record.result?.confidence ?? 0,
      strategy: record.result?.strategy ?? record.live?.().strategy ?? '',
      finished: record.result !== undefined,
      startedAt: record.startedAt,
      ...(record.uri === undefined ? {} : { uri: record.uri }),
    }));
  }

  #evict(): void {
    while (this.#runs.size > this.limits.maxRuns) {
      // Running runs are never dropped: the oldest finished one goes.
      const oldest = [...this.#runs.values()].find((record) => record.live === undefined);
      if (!oldest) break;
      this.#runs.delete(oldest.runId);
      this.onDropped(oldest.runId);
    }
    let nodes = 0;
    for (const record of this.#runs.values()) nodes += record.tree?.nodes.length ?? 0;
    for (const record of this.#runs.values()) {
      if (nodes <= this.limits.maxTreeNodes) break;
      if (record.tree) {
        nodes -= record.tree.nodes.length;
        delete record.tree;
      }
    }
  }
}
