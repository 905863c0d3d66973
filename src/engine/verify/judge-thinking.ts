// A judge that cannot stop thinking (gpt-oss: Ollama ignores `think: false` for it) is given its lowest level
// and a trace allowance (model/thinking.ts, JUDGE_THINKING_TOKENS). A trace that runs through the allowance
// leaves no Yes/No token at all: that judgement is no evidence either way, and says why, instead of passing
// for an answer that was empty.
import type { Generation } from '../model/types';
import { NEUTRAL_SCORE } from './yes-no';

/** The judgement's thinking used up the allowance before any answer: true when there is nothing to read. */
export function judgementOutOfThinking(generation: Pick<Generation, 'text' | 'thinking' | 'usage'>): boolean {
  return generation.text.trim() === '' && generation.thinking !== '' && generation.usage.doneReason === 'length';
}

/** A neutral reading that says the trace ran out, or undefined when the judge did answer. */
export function thinkingAteJudgement(
  generation: Pick<Generation, 'text' | 'thinking' | 'usage'>,
  allowance: number,
): { score: number; verdict: string } | undefined {
  if (!judgementOutOfThinking(generation)) return undefined;
  return {
    score: NEUTRAL_SCORE,
    verdict: `the judge's thinking used its ${allowance}-token allowance before it said Yes or No: neutral ${NEUTRAL_SCORE}`,
  };
}
