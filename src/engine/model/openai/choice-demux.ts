// The `n` choices of one streamed request, handed out as `n` separate streams of GenerationEvents. One
// pump reads the server's chunks and queues each choice's events for its reader, so every sample can be
// streamed into the tree as if it had its own request. The pump starts when the first reader starts; a
// failure reaches every reader still reading; when every reader has stopped early, `onAbandoned` runs
// (the request is then closed, so the server stops generating).
import type { GenerationEvent } from '../types';

export class ChoiceDemux {
  readonly #queues: GenerationEvent[][];
  readonly #finished: boolean[];
  #wake: (() => void) | undefined;
  #failure: { error: unknown } | undefined;
  #readersLeft: number;
  #started = false;

  constructor(
    n: number,
    private readonly pump: (demux: ChoiceDemux) => Promise<void>,
    private readonly onAbandoned: () => void,
  ) {
    this.#queues = Array.from({ length: n }, () => []);
    this.#finished = Array.from({ length: n }, () => false);
    this.#readersLeft = n;
  }

  /** Queues an event for choice `index` (events of a finished choice are dropped). */
  push(index: number, event: GenerationEvent): void {
    const queue = this.#queues[index];
    if (!queue || this.#finished[index]) return;
    queue.push(event);
    if (event.type === 'done') this.#finished[index] = true;
    this.#notify();
  }

  /** Every reader still waiting gets `error`. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    this.#notify();
  }

  async *stream(index: number): AsyncGenerator<GenerationEvent> {
    const queue = this.#queues[index];
    if (!queue) throw new RangeError(`choice ${index} of ${this.#queues.length}`);
    if (!this.#started) {
      this.#started = true;
      this.pump(this).catch((error: unknown) => this.fail(error));
    }
    try {
      for (;;) {
        const event = queue.shift();
        if (event) {
          yield event;
          if (event.type === 'done') return;
          continue;
        }
        if (this.#failure) throw this.#failure.error;
        await new Promise<void>((resolve) => (this.#wake = chain(this.#wake, resolve)));
      }
    } finally {
      this.#readersLeft -= 1;
      if (this.#readersLeft === 0 && !this.#finished.every(Boolean)) this.onAbandoned();
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/** Several readers may wait at once: wake them all. */
function chain(previous: (() => void) | undefined, next: () => void): () => void {
  return previous ? () => (previous(), next()) : next;
}
