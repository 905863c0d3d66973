// Tree deltas leave the server in batches, at most one every FLUSH_INTERVAL_MS, so a 64-sample search
// sends ≤ 20 notifications a second however fast tokens stream. The first node of a run is the one a
// person waits for: the first batch goes out as soon as it holds a node (the opening decisions wait for it,
// at most one interval), so the tree appears at once. Each flush also reports work-done progress.
import type { TreeDelta } from '../protocol/tree';

export const FLUSH_INTERVAL_MS = 50;

export class DeltaBatcher {
  #pending: TreeDelta[] = [];
  #timer: NodeJS.Timeout | undefined;
  #due = Infinity;
  #lastFlush = -Infinity;
  #nodeSent = false;

  constructor(
    private readonly send: (deltas: TreeDelta[]) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = FLUSH_INTERVAL_MS,
  ) {}

  push(delta: TreeDelta): void {
    // A tally replaces the one before it whole, so only the newest of a batch needs to travel: a search
    // with thousands of chains would otherwise send every intermediate vote list.
    if (delta.type === 'answersChanged') this.#pending = this.#pending.filter((pending) => pending.type !== 'answersChanged');
    this.#pending.push(delta);
    const now = this.now();
    let due = Math.max(now, this.#lastFlush + this.intervalMs);
    if (!this.#nodeSent && delta.type !== 'nodeAdded') due = Math.max(due, now + this.intervalMs);
    if (this.#timer && due >= this.#due) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#due = due;
    this.#timer = setTimeout(() => this.flush(), due - now);
  }

  /** Sends what is pending now (at the end of a run, before its result). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = Infinity;
    if (this.#pending.length === 0) return;
    const deltas = this.#pending;
    this.#pending = [];
    this.#lastFlush = this.now();
    if (deltas.some((delta) => delta.type === 'nodeAdded')) this.#nodeSent = true;
    this.send(deltas);
  }
}
