import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solvePlan } from '../../../src/engine/model/sim/plan';
import { generateProblems, LEVELS, type Difficulty } from '../../../src/engine/model/sim/problems';
import { readProblem } from '../../../src/engine/model/sim/understand';

test('the same seed gives the same problems; another seed other ones', () => {
  assert.deepEqual(generateProblems({ count: 30, seed: 1 }), generateProblems({ count: 30, seed: 1 }));
  const a = generateProblems({ count: 30, seed: 1 }).map((p) => p.problem);
  const b = generateProblems({ count: 30, seed: 2 }).map((p) => p.problem);
  assert.ok(a.filter((p) => b.includes(p)).length < 3);
});

test('each level has its number of operations, and the reasoner reads back every problem with its gold answer', () => {
  for (const difficulty of [1, 2, 3, 4, 5] as const) {
    const [low, high] = LEVELS[difficulty].ops;
    for (const p of generateProblems({ count: 150, seed: 40 + difficulty, difficulty })) {
      assert.equal(p.difficulty, difficulty);
      assert.ok(p.steps >= low && p.steps <= high, `${p.steps} operations at level ${difficulty}: ${p.problem}`);
      assert.match(p.gold, /^[1-9]\d*$/u, 'a positive integer answer');
      const plan = readProblem(p.problem);
      assert.ok(plan, p.problem);
      assert.equal(plan.ops.length, p.steps);
      assert.equal(solvePlan(plan)?.at(-1)?.toString(), p.gold);
    }
  }
});

test('numbers grow with the level', () => {
  const largest = (difficulty: Difficulty): number => {
    const numbers = generateProblems({ count: 100, seed: 9, difficulty }).flatMap((p) => (p.problem.match(/\d+/gu) ?? []).map(Number));
    return numbers.sort((x, y) => x - y)[Math.floor(numbers.length * 0.9)] ?? 0;
  };
  assert.ok(largest(1) < largest(3) && largest(3) < largest(5));
});

test('mixed difficulty covers every level and both kinds of problem', () => {
  const problems = generateProblems({ count: 300, seed: 3 });
  for (const level of [1, 2, 3, 4, 5]) assert.ok(problems.some((p) => p.difficulty === level), `level ${level}`);
  const words = problems.filter((p) => p.kind === 'word').length;
  assert.ok(words > 150 && words < 250, `${words} word problems`);
  assert.ok(problems.some((p) => p.problem.includes('$')), 'money stories');
  assert.ok(problems.some((p) => /^(What is|Compute|Calculate|Evaluate) /u.test(p.problem)), 'expressions');
  assert.equal(new Set(problems.map((p) => p.id)).size, problems.length);
});
