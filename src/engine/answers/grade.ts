// Grading one sample against its task's rule. Which extraction rules count is part of the task: MATH
// solutions are graded on their last \boxed{} answer, as the PRM800K grader does (a solution that never
// boxes an answer has not given one); GSM8K solutions on their marked final answer ("#### 18", "A: 18",
// "The answer is 18"), never on a stray number of a cut-off text; Game of 24 on its final expression.
import { answersEquivalent } from './equivalence';
import type { ExtractionMethod } from './extract';
import { extractAnswer } from './extract';
import { checkGame24, game24AnswerKey } from './game24';

export type GradeTask = 'math' | 'gsm8k' | 'game24';

export interface GradeResult {
  /** The answer that was graded (for Game of 24, the expression without spaces). */
  readonly answer?: string;
  readonly correct: boolean;
  /** The rule that found the answer; 'none' when none did. */
  readonly method: ExtractionMethod | 'game24' | 'none';
}

export interface GradeOptions {
  /** Overrides the task's extraction rules (math and gsm8k only). */
  readonly methods?: readonly ExtractionMethod[];
}

/** The extraction rules each task grades on by default. */
export const TASK_METHODS: Readonly<Record<Exclude<GradeTask, 'game24'>, readonly ExtractionMethod[]>> = {
  math: ['boxed'],
  gsm8k: ['boxed', 'hashes', 'answer-label', 'answer-is'],
};

/**
 * Grades `text` (a model's full solution) for `problem`. `gold` is the reference answer; Game of 24 has
 * none (any valid expression is right). A missing gold answer for another task grades as incorrect.
 */
export function gradeSample(
  task: GradeTask,
  problem: string,
  gold: string | null | undefined,
  text: string,
  options: GradeOptions = {},
): GradeResult {
  if (task === 'game24') {
    const answer = game24AnswerKey(text);
    if (answer === undefined) return { correct: false, method: 'none' };
    return { answer, correct: checkGame24(problem, text), method: 'game24' };
  }
  const extracted = extractAnswer(text, { methods: options.methods ?? TASK_METHODS[task] });
  if (extracted === undefined) return { correct: false, method: 'none' };
  const correct = gold !== null && gold !== undefined && answersEquivalent(extracted.answer, gold);
  return { answer: extracted.answer, correct, method: extracted.method };
}
