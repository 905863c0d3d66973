// The generations being served right now (queued for a slot or streaming), so a test can tell which
// phase of a search has requests in flight, e.g. verification prompts against solving ones. Each entry is
// added when a generation request reaches the scheduler and removed when that generation ends.

/** One generation in flight, as `Standin.openGenerations()` reports it (a copy). */
export interface OpenGeneration {
  /** The model as installed (`qwen2.5:1.5b`). */
  readonly model: string;
  /** The rendered prompt (system part included) the backend answers. */
  readonly prompt: string;
  /** The request asked for log-probabilities. */
  readonly logprobs: boolean;
  /** num_predict of the request (-1: no limit). */
  readonly numPredict: number;
  /** False while it waits for a slot. */
  readonly streaming: boolean;
  /** Tokens sent so far. */
  readonly tokensSent: number;
}

/** The mutable record behind one OpenGeneration. */
export type OpenGenerationEntry = { -readonly [K in keyof OpenGeneration]: OpenGeneration[K] };

export class OpenGenerations {
  readonly #entries = new Set<OpenGenerationEntry>();

  /** Records a generation; the returned entry is updated in place and must be passed to `end`. */
  begin(fields: Omit<OpenGeneration, 'streaming' | 'tokensSent'>): OpenGenerationEntry {
    const entry: OpenGenerationEntry = { ...fields, streaming: false, tokensSent: 0 };
    this.#entries.add(entry);
    return entry;
  }

  end(entry: OpenGenerationEntry): void {
    this.#entries.delete(entry);
  }

  list(): OpenGeneration[] {
    return [...this.#entries].map((entry) => ({ ...entry }));
  }
}
