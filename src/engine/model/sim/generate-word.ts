// Writes a word problem in the reasoner's grammar: a story that opens with an amount and changes it one
// sentence at a time until it has the level's number of operations. Every intermediate amount is a whole,
// positive number, as in grade-school problems.
import type { Level } from './problems';
import { Rational } from './rational';
import type { Rng } from './random';
import {
  EARNINGS,
  form,
  FRIENDS,
  GROUPS,
  ITEMS,
  NAMES,
  PRICED,
  PURCHASES,
  question,
  type FormId,
  type Holder,
  type Story,
} from './word-grammar';

export interface GeneratedText {
  readonly text: string;
  readonly ops: number;
  readonly answer: Rational;
}

interface Move {
  readonly form: FormId;
  readonly numbers: readonly number[];
  readonly word?: string;
  readonly ops: number;
  readonly next: number;
  readonly weight: number;
}

export function generateWordProblem(level: Level, rng: Rng): GeneratedText {
  const [name, pronoun] = rng.pick(NAMES);
  const kind = rng.chance(0.6) ? 'items' : 'money';
  const story: Story = { kind, name, pronoun, item: kind === 'money' ? 'dollars' : rng.pick(ITEMS) };
  const target = rng.int(level.ops[0], level.ops[1]);
  const between = (range: readonly [number, number]): number => rng.int(range[0], range[1]);

  const sentences: string[] = [];
  let holder: Holder = {};
  let ops = 0;
  let current: number;
  if (kind === 'items' && rng.chance(0.3)) {
    const m = between(level.count);
    const p = between(level.each);
    sentences.push(form('boxesStart').write(story, holder, [m, p]));
    current = m * p;
    ops = 1;
  } else {
    current = between(level.start);
    sentences.push(form('has').write(story, holder, [current]));
  }

  while (ops < target) {
    const left = target - ops;
    const moves = possibleMoves(story, holder, current, left, level, rng);
    const move = moves[rng.weighted(moves.map((m) => m.weight))];
    if (!move) break;
    sentences.push(form(move.form).write(story, holder, move.numbers, move.word));
    if (move.form === 'shares') holder = { group: GROUPS.find(([plural]) => plural === move.word)?.[1] ?? 'friend' };
    current = move.next;
    ops += move.ops;
  }
  sentences.push(question(story, holder));
  return { text: sentences.join(' '), ops, answer: Rational.of(current) };
}

/** Sentences that can come next: they fit the remaining operations and keep amounts whole and in range. */
function possibleMoves(story: Story, holder: Holder, current: number, left: number, level: Level, rng: Rng): Move[] {
  const between = (range: readonly [number, number]): number => rng.int(range[0], range[1]);
  const moves: Move[] = [];
  const add = between(level.amount);
  const take = between(level.amount);
  const fits = (value: number): boolean => value > 0 && value <= level.cap;

  if (story.kind === 'items') {
    if (fits(current + add)) {
      moves.push({ form: 'more', numbers: [add], ops: 1, next: current + add, weight: 2 });
      moves.push({ form: 'fromFriend', numbers: [add], word: rng.pick(FRIENDS), ops: 1, next: current + add, weight: 1 });
    }
    if (take < current) {
      moves.push({ form: 'gives', numbers: [take], ops: 1, next: current - take, weight: 2 });
      moves.push({ form: 'loses', numbers: [take], ops: 1, next: current - take, weight: 1 });
    }
    if (fits(current * 2) && current * 2 <= level.start[1] * 2) moves.push({ form: 'doubles', numbers: [], ops: 1, next: current * 2, weight: 0.7 });
    if (fits(current * 3) && current * 3 <= level.start[1] * 2) moves.push({ form: 'triples', numbers: [], ops: 1, next: current * 3, weight: 0.4 });
    if (left >= 2) {
      const m = between(level.count);
      const p = between(level.each);
      if (fits(current + m * p)) moves.push({ form: 'boxes', numbers: [m, p], ops: 2, next: current + m * p, weight: 2 });
    }
  } else {
    if (fits(current + add)) moves.push({ form: 'earns', numbers: [add], word: rng.pick(EARNINGS), ops: 1, next: current + add, weight: 2 });
    if (take < current) moves.push({ form: 'spends', numbers: [take], word: rng.pick(PURCHASES), ops: 1, next: current - take, weight: 2 });
    if (left >= 2) {
      const q = between(level.count);
      const p = between(level.each);
      if (q * p < current) moves.push({ form: 'buysPriced', numbers: [q, p], word: rng.pick(PRICED), ops: 2, next: current - q * p, weight: 2 });
      const h = between(level.count);
      const wage = between(level.each);
      if (fits(current + h * wage)) moves.push({ form: 'works', numbers: [h, wage], ops: 2, next: current + h * wage, weight: 2 });
    }
  }
  if (!holder.group) {
    const divisors = [2, 3, 4, 5, 6, 8, 10, 12].filter((r) => current % r === 0 && current / r >= 2);
    if (divisors.length > 0) {
      const r = rng.pick(divisors);
      moves.push({ form: 'shares', numbers: [r], word: rng.pick(GROUPS)[0], ops: 1, next: current / r, weight: 1 });
    }
  }
  if (moves.length === 0) {
    // Always possible: a small addition keeps the story going.
    const small = Math.max(1, Math.min(add, level.cap - current));
    moves.push(story.kind === 'items'
      ? { form: 'more', numbers: [small], ops: 1, next: current + small, weight: 1 }
      : { form: 'earns', numbers: [small], word: rng.pick(EARNINGS), ops: 1, next: current + small, weight: 1 });
  }
  return moves;
}
