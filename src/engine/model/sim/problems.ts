// Generated problems the simulated reasoner can solve: word problems of its grammar and arithmetic
// expressions, with their gold answers. Difficulty sets the number of operations and the size of the
// numbers, the two things that make real small models fail more often on GSM8K-style problems.
import { generateExpression } from './generate-expression';
import { generateWordProblem } from './generate-word';
import { solvePlan } from './plan';
import { Rng } from './random';
import { readProblem } from './understand';

export type Difficulty = 1 | 2 | 3 | 4 | 5;

export interface GeneratedProblem {
  readonly id: string;
  readonly problem: string;
  /** The exact answer, as an integer string. */
  readonly gold: string;
  readonly difficulty: Difficulty;
  /** Operations (= solution steps) needed. */
  readonly steps: number;
  readonly kind: 'word' | 'expression';
}

export interface GenerateOptions {
  readonly count: number;
  readonly seed: number;
  /** One level for all, or 'mixed' (default): each problem's level drawn uniformly from 1..5. */
  readonly difficulty?: Difficulty | 'mixed';
  /** Share of word problems (the rest are expressions). Default 2/3. */
  readonly wordShare?: number;
}

export interface Level {
  /** Range of the number of operations. */
  readonly ops: readonly [number, number];
  /** Starting amounts. */
  readonly start: readonly [number, number];
  /** Amounts added or taken away, and expression literals. */
  readonly amount: readonly [number, number];
  /** Boxes, items bought, hours worked; multipliers in expressions. */
  readonly count: readonly [number, number];
  /** Items per box, prices, hourly wages. */
  readonly each: readonly [number, number];
  /** Keep the running value below this (numbers stay in the level's size class). */
  readonly cap: number;
}

export const LEVELS: Readonly<Record<Difficulty, Level>> = {
  1: { ops: [2, 2], start: [5, 20], amount: [2, 9], count: [2, 5], each: [2, 10], cap: 100 },
  2: { ops: [3, 4], start: [10, 60], amount: [3, 25], count: [2, 6], each: [3, 12], cap: 300 },
  3: { ops: [4, 6], start: [20, 150], amount: [5, 60], count: [3, 9], each: [4, 20], cap: 1000 },
  4: { ops: [6, 8], start: [60, 500], amount: [10, 150], count: [4, 15], each: [6, 30], cap: 3000 },
  5: { ops: [8, 10], start: [150, 2000], amount: [20, 500], count: [6, 25], each: [8, 60], cap: 20000 },
};

export function generateProblems(options: GenerateOptions): GeneratedProblem[] {
  const problems: GeneratedProblem[] = [];
  const wordShare = options.wordShare ?? 2 / 3;
  for (let i = 0; i < options.count; i++) {
    const rng = new Rng('problem', options.seed, i);
    const difficulty: Difficulty = options.difficulty === undefined || options.difficulty === 'mixed' ? (rng.int(1, 5) as Difficulty) : options.difficulty;
    const level = LEVELS[difficulty];
    const kind = rng.chance(wordShare) ? 'word' : 'expression';
    const generated = kind === 'word' ? generateWordProblem(level, rng) : generateExpression(level, rng);
    // The reasoner must read back exactly what was written: same operations, same answer.
    const plan = readProblem(generated.text);
    const solved = plan && solvePlan(plan);
    const answer = solved?.at(-1);
    if (!plan || !answer || plan.ops.length !== generated.ops || answer.toString() !== generated.answer.toString()) {
      throw new Error(`generated problem does not read back: ${generated.text}`);
    }
    problems.push({
      id: `sim-${options.seed}-${i}`,
      problem: generated.text,
      gold: generated.answer.toString(),
      difficulty,
      steps: generated.ops,
      kind,
    });
  }
  return problems;
}
