// The replay model: a LanguageModel over recorded samples. Each request for a solution of a recorded
// problem is answered with that problem's next recorded sample, in a seeded random order without
// replacement, charged its recorded tokens. Drawing recorded samples in a random order is an honest
// stand-in for sampling the model that produced them, so voting, early stopping and adaptive allocation
// can be measured on real outputs with no model at all.
//
// It serves whole samples only. Step-level generation (a continued assistant prefix, or generation that
// stops at the step delimiter) and prompts other than the solve prompt are refused with a clear error.
// Recorded verifier scores are read through `recorded(problem, text)`.
import { neutraliseTags, readSection } from '../../prompts/delimit';
import { isSolveRequest, STEP_DELIMITER } from '../../prompts/solve';
import type { GenerationEvent, GenerationRequest, LanguageModel, ModelCapabilities } from '../types';
import { replayOrder } from './order';
import type { RecordedProblem, RecordedSample } from './records';

/** A request replay cannot serve (step-level generation, a verifier prompt, an unknown problem). */
export class ReplayUnsupportedError extends Error {
  override readonly name = 'ReplayUnsupportedError';
}

/** The error for a strategy that needs step-level generation. */
export function replayCannotRun(strategy: string): ReplayUnsupportedError {
  return new ReplayUnsupportedError(`replay cannot run ${strategy}: it serves whole recorded samples`);
}

/** Every recorded sample of a problem has been served in this repeat. */
export class ReplayExhaustedError extends Error {
  override readonly name = 'ReplayExhaustedError';
}

export interface ReplayModelOptions {
  readonly seed: number;
  /** Which random order to start with (see `startRepeat`). */
  readonly repeat?: number;
  readonly label?: string;
}

interface Cursor {
  order: number[];
  next: number;
}

export class ReplayModel implements LanguageModel {
  readonly label: string;
  private readonly byText = new Map<string, RecordedProblem>();
  private readonly cursors = new Map<string, Cursor>();
  private readonly seed: number;
  private repeat: number;

  constructor(
    problems: readonly RecordedProblem[],
    options: ReplayModelOptions,
  ) {
    this.seed = options.seed;
    this.repeat = options.repeat ?? 0;
    this.label = options.label ?? `replay of ${problems.length} recorded problems`;
    for (const problem of problems) this.byText.set(normalise(problem.problem), problem);
  }

  /** Starts repeat `repeat`: every problem's samples are served again from the start of a new order. */
  startRepeat(repeat: number): void {
    this.repeat = repeat;
    this.cursors.clear();
  }

  /** The recorded problem a solve prompt asks about, or undefined. */
  problemFor(problemText: string): RecordedProblem | undefined {
    return this.byText.get(normalise(problemText));
  }

  /** The recorded sample with this text for this problem: its answer, correctness and verifier score. */
  recorded(problemText: string, sampleText: string): RecordedSample | undefined {
    return this.problemFor(problemText)?.samples.find((s) => s.text === sampleText);
  }

  /** Samples of a problem not yet served in this repeat. */
  remaining(problemText: string): number {
    const problem = this.problemFor(problemText);
    if (!problem) return 0;
    const cursor = this.cursors.get(problem.id);
    return problem.samples.length - (cursor?.next ?? 0);
  }

  capabilities(signal: AbortSignal): Promise<ModelCapabilities> {
    signal.throwIfAborted();
    return Promise.resolve({ logprobs: false, thinking: false, version: 'replay' });
  }

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<GenerationEvent> {
    signal.throwIfAborted();
    const sample = this.serve(request);
    // One turn of the event loop, as a real stream would take, so a caller can cancel between samples.
    await Promise.resolve();
    signal.throwIfAborted();
    yield { type: 'chunk', text: sample.text, thinking: '', logprobs: [] };
    yield {
      type: 'done',
      usage: {
        promptTokens: 0,
        generatedTokens: Math.min(sample.tokens, request.maxTokens),
        totalDurationMs: 0,
        loadDurationMs: 0,
        promptEvalDurationMs: 0,
        evalDurationMs: 0,
        doneReason: 'stop',
      },
    };
  }

  private serve(request: GenerationRequest): RecordedSample {
    const last = request.messages[request.messages.length - 1];
    if (last?.role === 'assistant' || (request.stop ?? []).includes(STEP_DELIMITER)) {
      throw new ReplayUnsupportedError('replay cannot generate step by step: it serves whole recorded samples');
    }
    const user = [...request.messages].reverse().find((m) => m.role === 'user');
    if (user && readSection(user.content, 'problem') !== undefined && !isSolveRequest(user.content)) {
      throw new ReplayUnsupportedError('replay serves recorded solutions only: it cannot answer other prompts (such as a verifier\'s)');
    }
    const text = user ? (readSection(user.content, 'problem') ?? user.content) : '';
    const problem = this.problemFor(text);
    if (!problem) throw new ReplayUnsupportedError('replay has no recorded samples for this problem');
    let cursor = this.cursors.get(problem.id);
    if (!cursor) {
      cursor = { order: replayOrder(this.seed, problem.id, this.repeat, problem.samples.length), next: 0 };
      this.cursors.set(problem.id, cursor);
    }
    const index = cursor.order[cursor.next];
    const sample = index === undefined ? undefined : problem.samples[index];
    if (!sample) {
      throw new ReplayExhaustedError(
        `all ${problem.samples.length} recorded samples of problem ${problem.id} have been served (samples are drawn without replacement)`,
      );
    }
    cursor.next += 1;
    return sample;
  }
}

/** Problem text as prompts carry it: trimmed, with tag look-alikes neutralised (see prompts/delimit). */
function normalise(text: string): string {
  return neutraliseTags(text.trim());
}
