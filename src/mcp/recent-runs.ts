// The last runs of this `ponder mcp` process, kept so a client can read a run's whole tree as a resource
// (ponder://runs/<runId>). Bounded: the oldest run is dropped when a new one would exceed the count.
import type { TreeSnapshot } from '../protocol/tree';

export const RUN_URI_PREFIX = 'ponder://runs/';

export interface RecentRun {
  runId: string;
  problem: string;
  answer: string | null;
  finishedAt: number;
  tree: TreeSnapshot;
}

export class RecentRuns {
  readonly #runs = new Map<string, RecentRun>();

  constructor(private readonly capacity = 20) {}

  add(run: RecentRun): void {
    this.#runs.delete(run.runId);
    this.#runs.set(run.runId, run);
    while (this.#runs.size > this.capacity) {
      const oldest = this.#runs.keys().next().value;
      if (oldest === undefined) break;
      this.#runs.delete(oldest);
    }
  }

  get(runId: string): RecentRun | undefined {
    return this.#runs.get(runId);
  }

  /** Newest first. */
  list(): RecentRun[] {
    return [...this.#runs.values()].reverse();
  }
}

export function runUri(runId: string): string {
  return `${RUN_URI_PREFIX}${encodeURIComponent(runId)}`;
}
