// Counters that let tests prove what happened inside the server: that an aborted request was closed,
// that generation stopped, that a shared prefix was served from a slot's cache.

export interface StandinStats {
  /** Requests received and not yet closed (queued ones included). */
  readonly openRequests: number;
  readonly totalRequests: number;
  /** Generation requests waiting for a slot (no response headers sent yet). */
  readonly queued: number;
  /** Generations holding a slot right now. */
  readonly activeGenerations: number;
  /** The most generations that ever held slots at once. */
  readonly peakActiveGenerations: number;
  /** Generations that got a slot. */
  readonly generationsStarted: number;
  /** Generations whose final done chunk was sent. */
  readonly generationsCompleted: number;
  /** Generations stopped because the client went away (or the stand-in closed). */
  readonly generationsAborted: number;
  /** Generations ended by a fault or a backend error. */
  readonly generationsFailed: number;
  /** Prompt tokens actually evaluated (prefix-cache hits excluded). */
  readonly promptTokensEvaluated: number;
  /** Prompt tokens served from a slot's cache. */
  readonly promptTokensCached: number;
  /** Prompts cut to fit the context, token by token (truncation.ts); dropped chat messages not included. */
  readonly promptsCut: number;
  /** Generations ended by Ollama's loop guard (more than 30 repeats of one token). */
  readonly repetitionAborts: number;
  readonly tokensGenerated: number;
  /** Requests answered 503 because the queue was full (fault or real). */
  readonly rejectedQueueFull: number;
  /** Model loads, reloads on changed runner options included. */
  readonly modelLoads: number;
  readonly pullsStarted: number;
  readonly pullsCompleted: number;
  readonly pullsAborted: number;
  /** Faults that fired, by kind. */
  readonly faultsFired: Readonly<Record<string, number>>;
}

type Counters = { -readonly [K in keyof Omit<StandinStats, 'faultsFired' | 'queued' | 'activeGenerations'>]: number };

export class StatsCounters implements Counters {
  openRequests = 0;
  totalRequests = 0;
  peakActiveGenerations = 0;
  generationsStarted = 0;
  generationsCompleted = 0;
  generationsAborted = 0;
  generationsFailed = 0;
  promptTokensEvaluated = 0;
  promptTokensCached = 0;
  promptsCut = 0;
  repetitionAborts = 0;
  tokensGenerated = 0;
  rejectedQueueFull = 0;
  modelLoads = 0;
  pullsStarted = 0;
  pullsCompleted = 0;
  pullsAborted = 0;
}
