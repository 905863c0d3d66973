// What a mode produces before tokenisation: the thinking trace, the visible answer, and the places in the
// answer where the model was genuinely uncertain (the alternatives it weighed there).
import type { SimParams } from './config';
import type { SimRequest, SimThinkingOutcome } from './types';

export interface WeightedText {
  readonly text: string;
  readonly probability: number;
}

/** At character `at` of the answer the model chose among `options` (the written text is one of them). */
export interface Choice {
  readonly at: number;
  readonly options: readonly WeightedText[];
}

export interface Draft {
  readonly thinking: string;
  /** The trace is a reasoning trace of exactly this outcome's length (thinking-trace.ts). */
  readonly thinkingOutcome?: SimThinkingOutcome;
  readonly answer: string;
  readonly choices: readonly Choice[];
}

export interface DraftContext {
  readonly request: SimRequest;
  readonly seed: number;
  readonly params: SimParams;
}

/**
 * One kind of request the simulated reasoner understands (solve, verify, …). `draft` returns undefined
 * when the request is not of its kind, and the next mode is tried. To add a mode (e.g. revisions), write
 * one file exporting a SimMode and list it in modes.ts.
 */
export interface SimMode {
  readonly name: string;
  draft(context: DraftContext): Draft | undefined;
}
