// What the search needs from answer handling: find a chain's final answer, give it a canonical form, and
// tell whether two answers are the same. Injectable (a task with other rules, e.g. Game of 24, brings its
// own); `defaultAnswerTools` uses the engine's answers module.
import { answersEquivalent, extractAnswer, normalizeAnswer } from '../answers';
import type { ExtractionMethod } from '../answers';

export interface AnswerTools {
  /** The final answer a chain states, as written, or undefined when it states none. */
  extract(text: string): string | undefined;
  /** The canonical form shown and voted on. */
  normalize(answer: string): string;
  /** Whether two normalised answers are the same answer. */
  equivalent(a: string, b: string): boolean;
}

/**
 * Only answers the chain marks as final count (\boxed{…}, "#### …", "Answer: …", "The answer is …"):
 * the last number of a chain cut off at its token limit is a guess, not a vote.
 */
export const STATED_ANSWER_RULES: readonly ExtractionMethod[] = ['boxed', 'hashes', 'answer-label', 'answer-is'];

export const defaultAnswerTools: AnswerTools = {
  extract: (text) => {
    const found = extractAnswer(text, { methods: STATED_ANSWER_RULES })?.answer.trim();
    return found ? found : undefined;
  },
  normalize: (answer) => normalizeAnswer(answer),
  equivalent: (a, b) => answersEquivalent(a, b),
};
