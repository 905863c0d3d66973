// The samples of one (problem, repeat) as every strategy sees them. All strategies of a run read the same
// stream, so they are compared on the same samples: a ratio, not two absolute numbers. Replay streams hold
// a seeded random order of the recorded samples; live streams draw from a model on demand and keep what
// they drew, so a sample is paid for once however many strategies read it.
import { replayOrder } from '../../engine/model/replay';
import { oracleStop } from '../../engine/stopping/oracle';
import type { ControllerResult, SamplingController } from '../../engine/stopping/types';
import type { BenchProblem } from './datasets';

export interface DrawnSample {
  /** The answer's cluster key (equal keys = the same answer), null when none was stated. */
  readonly key: string | null;
  readonly score: number | null;
  /** Token confidence in [0, 1], where the sample carries one. */
  readonly confidence?: number | null;
  /** Every generated token the sample cost: thinking, answer and verification. */
  readonly tokens: number;
  /** Of those, thinking tokens, where the backend reported a thinking outcome. */
  readonly thinkingTokens?: number;
  readonly correct: boolean;
  /** Wall time the sample took to generate (0 for recorded samples, which carry no timing). */
  readonly wallMs: number;
  /**
   * --verify --verifier prm: the sample scored by both the PRM and the judge, each with the tokens its
   * verification processed (prompt and generated), beside the sample's own generated tokens; for the
   * judge-against-PRM comparison at equal tokens (verifier-compare.ts).
   */
  readonly verifiers?: { readonly generated: number; readonly prm: VerifierMark; readonly judge: VerifierMark };
}

export interface VerifierMark {
  readonly score: number | null;
  readonly tokens: number;
}

export interface SampleStream {
  /** Samples drawn so far, in order. */
  readonly samples: readonly DrawnSample[];
  /** The most samples this stream can give. */
  readonly limit: number;
  /** Draws until at least `count` samples exist (never beyond `limit`). */
  ensure(count: number): Promise<void>;
}

export function replayStream(problem: BenchProblem, seed: number, repeat: number): SampleStream {
  const order = replayOrder(seed, problem.id, repeat, problem.samples.length);
  const samples = order.map((i) => {
    const s = problem.samples[i];
    if (!s) throw new Error(`sample ${i} of ${problem.id} is missing`);
    return { key: s.answer, score: s.score, confidence: s.confidence, tokens: s.tokens, correct: s.correct, wallMs: 0 };
  });
  return { samples, limit: samples.length, ensure: () => Promise.resolve() };
}

export interface StreamOutcome extends ControllerResult {
  readonly correct: boolean;
  readonly wallMs: number;
}

/** Runs a controller over a stream; the chosen answer is graded by the first sample that gave it. */
export async function runOnStream(controller: SamplingController, stream: SampleStream): Promise<StreamOutcome> {
  let index = 0;
  let wallMs = 0;
  for (let count = controller.next(); count > 0; count = controller.next()) {
    const need = index + count;
    if (stream.samples.length < need) await stream.ensure(need);
    if (stream.samples.length < need) throw new Error(`the stream ran out after ${stream.samples.length} samples`);
    for (; index < need; index++) {
      const sample = stream.samples[index] as DrawnSample;
      wallMs += sample.wallMs;
      controller.observe(sample);
    }
  }
  const result = controller.result();
  return { ...result, correct: correctnessOf(result.answer, stream.samples, result.samples), wallMs };
}

/**
 * The oracle on a stream: it reads the first `cap` samples (as majority@cap does), then is charged only
 * for the first k whose leader is majority@cap's answer. Its answer, and so its accuracy, is majority@cap's.
 */
export async function oracleOnStream(stream: SampleStream, cap: number): Promise<StreamOutcome> {
  if (stream.samples.length < cap) await stream.ensure(cap);
  if (stream.samples.length < cap) throw new Error(`the stream ran out after ${stream.samples.length} samples`);
  const used = stream.samples.slice(0, cap);
  const { answer, samples } = oracleStop(used.map((s) => s.key));
  const charged = used.slice(0, samples);
  return {
    answer,
    samples,
    tokens: charged.reduce((sum, s) => sum + s.tokens, 0),
    stop: 'decided',
    decisions: [],
    correct: correctnessOf(answer, used, samples),
    wallMs: charged.reduce((sum, s) => sum + s.wallMs, 0),
  };
}

function correctnessOf(answer: string | null, samples: readonly DrawnSample[], used: number): boolean {
  if (answer === null) return false;
  for (let i = 0; i < used; i++) {
    const s = samples[i];
    if (s && s.key === answer) return s.correct;
  }
  return false;
}
