// The page's copy of the shown run, grown from the host's numbered messages. A batch is applied only where it
// continues the copy; a batch the last snapshot already holds is skipped; a gap, or a delta that does not fit,
// makes the copy stale: it is kept as it is (never patched with deltas that follow a gap) until a fresh
// snapshot replaces it. DOM-free, so Node tests drive it next to the host's feed.
import type { TreeDelta, TreeSnapshot } from '../protocol/tree';
import { applyDelta, TreeDeltaError } from '../protocol/tree-apply';

/** What a batch did: changed the copy, changed nothing, or showed that deltas were missed. */
export type FeedOutcome = 'applied' | 'ignored' | 'missed';

export class RunFeed {
  private current: TreeSnapshot | undefined;
  /** How many of the run's deltas the copy holds, when the host numbers them. */
  private seq: number | undefined;
  private staleRun: string | undefined;

  get snapshot(): TreeSnapshot | undefined {
    return this.current;
  }

  /** The run whose copy missed deltas and waits for a snapshot, if any. */
  get stale(): string | undefined {
    return this.staleRun;
  }

  acceptSnapshot(snapshot: TreeSnapshot, seq: number | undefined): void {
    this.current = snapshot;
    this.seq = seq;
    this.staleRun = undefined;
  }

  acceptDeltas(runId: string, deltas: readonly TreeDelta[], seq: number | undefined): FeedOutcome {
    const current = this.current;
    if (!current || current.runId !== runId) return 'ignored';
    if (this.staleRun === runId) return 'ignored';
    let fresh = deltas;
    if (seq !== undefined && this.seq !== undefined) {
      const end = seq + deltas.length;
      if (end <= this.seq) return 'ignored'; // the snapshot already holds all of them
      if (seq > this.seq) return this.miss(runId);
      fresh = deltas.slice(this.seq - seq);
    }
    let next = current;
    try {
      for (const delta of fresh) next = applyDelta(next, delta);
    } catch (error) {
      if (!(error instanceof TreeDeltaError)) throw error;
      return this.miss(runId);
    }
    this.current = next;
    if (seq !== undefined && this.seq !== undefined) this.seq = seq + deltas.length;
    return fresh.length > 0 ? 'applied' : 'ignored';
  }

  private miss(runId: string): FeedOutcome {
    this.staleRun = runId;
    return 'missed';
  }
}
