// MCP progress for a running solve, computed from the tree's delta stream: chains finished (the progress
// value, which only grows, as the protocol requires), out of the chains asked for, and the leading answer
// (the search's tally when it publishes one as it goes, else the plain vote of the answers stated so far).
// Sent only when the client asked for progress (a progressToken in the request's _meta).
import type { TreeDelta } from '../protocol/tree';

export interface ProgressUpdate {
  progress: number;
  total: number;
  message: string;
}

export class ProgressReporter {
  #chainsDone = 0;
  #leader: string | undefined;
  #share = 0;
  #sentProgress = -1;
  /** Plain votes of the answers stated so far: the leader until the search publishes its own tally. */
  readonly #votes = new Map<string, number>();
  #tallied = false;

  constructor(
    private readonly total: number,
    private readonly send: (update: ProgressUpdate) => void,
  ) {}

  add(delta: TreeDelta): void {
    if (delta.type === 'nodeAdded' && delta.node.kind === 'answer') {
      this.#chainsDone += 1;
      if (delta.node.answer !== undefined) this.#votes.set(delta.node.answer, (this.#votes.get(delta.node.answer) ?? 0) + 1);
      if (!this.#tallied) this.#leadByVotes();
    } else if (delta.type === 'answersChanged') {
      // The search's own (verifier-weighted) tally, when the strategy publishes one as it goes.
      this.#tallied = true;
      this.#leader = delta.answers[0]?.answer;
      this.#share = delta.answers[0]?.share ?? 0;
    } else if (delta.type === 'nodeUpdated' && delta.patch.status === 'failed' && delta.patch.reason !== 'cancelled') {
      this.#chainsDone += 1;
    }
    // At most one notification per finished chain (progress must increase; a chain is the unit an agent
    // can read), sent with the first delta that follows it, and one at the start.
    if (this.#chainsDone > this.#sentProgress) {
      this.#sentProgress = this.#chainsDone;
      this.send({ progress: this.#chainsDone, total: Math.max(this.total, this.#chainsDone), message: this.message() });
    }
  }

  #leadByVotes(): void {
    let total = 0;
    let best: [string, number] | undefined;
    for (const entry of this.#votes) {
      total += entry[1];
      if (!best || entry[1] > best[1]) best = entry;
    }
    this.#leader = best?.[0];
    this.#share = best && total > 0 ? best[1] / total : 0;
  }

  message(): string {
    const leader = this.#leader === undefined ? 'no answer yet' : `leading ${shorten(this.#leader)} (${Math.round(this.#share * 100)}%)`;
    return `${this.#chainsDone}/${this.total} chains · ${leader}`;
  }
}

function shorten(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 39)}…`;
}
