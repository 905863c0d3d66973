// The simulated reasoner's answer to revision requests: it copies what it believes, fixes the first wrong
// step with the configured probability, and sometimes turns a right answer wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readChain } from '../../../src/engine/model/sim/chain-reader';
import type { SimConfig } from '../../../src/engine/model/sim/config';
import { solvePlan } from '../../../src/engine/model/sim/plan';
import { generateProblems } from '../../../src/engine/model/sim/problems';
import { respond } from '../../../src/engine/model/sim/reasoner';
import { readProblem } from '../../../src/engine/model/sim/understand';
import { DEMO_MODEL_MESSAGE } from '../../../src/engine/model/sim/mode-demo';
import { reviseMessages } from '../../../src/engine/prompts/revise';
import { solveMessages, splitSteps } from '../../../src/engine/prompts/solve';

const text = (r: ReturnType<typeof respond>) => r.tokens.filter((t) => !t.thinking).map((t) => t.text).join('');
const problems = generateProblems({ count: 300, seed: 17, difficulty: 'mixed' });

function attempt(problem: string, seed: number): string {
  return text(respond({ messages: solveMessages(problem), temperature: 0.9, seed, maxTokens: -1 }));
}
function revise(problem: string, attempts: string[], seed: number, config?: SimConfig, temperature = 0.7): string {
  return text(respond({ messages: reviseMessages(problem, attempts), temperature, seed, maxTokens: -1 }, config));
}
function isRight(problem: string, solution: string): boolean {
  const plan = readProblem(problem);
  const final = plan && solvePlan(plan)?.at(-1);
  const reading = plan && readChain(plan, splitSteps(solution));
  const boxed = reading?.steps.filter((s) => s.boxed).at(-1)?.boxed;
  return final !== undefined && boxed !== undefined && boxed.equals(final);
}
/** Pairs (problem, attempt) with a right or a wrong first attempt. */
function pairs(right: boolean, limit: number): { problem: string; first: string; seed: number }[] {
  const out: { problem: string; first: string; seed: number }[] = [];
  for (const [i, p] of problems.entries()) {
    for (let s = 0; s < 6 && out.length < limit; s++) {
      const first = attempt(p.problem, i * 10 + s);
      if (isRight(p.problem, first) === right) {
        out.push({ problem: p.problem, first, seed: i * 10 + s });
        break;
      }
    }
  }
  return out;
}

test('a revision of a right attempt that is not second-guessed is the attempt again, word for word', () => {
  for (const { problem, first, seed } of pairs(true, 30)) assert.equal(revise(problem, [first], seed, { reviseBreakRate: 0 }), first);
});

test('second-guessing keeps the steps before the changed one and turns the right answer wrong', () => {
  for (const { problem, first, seed } of pairs(true, 30)) {
    const revised = revise(problem, [first], seed, { reviseBreakRate: 1 });
    assert.equal(isRight(problem, revised), false, `still right: ${revised}`);
    const before = splitSteps(first);
    const after = splitSteps(revised);
    const changed = after.findIndex((step, i) => step !== before[i]);
    assert.ok(changed >= 0);
    assert.deepEqual(after.slice(0, changed), before.slice(0, changed));
  }
});

test('a fix keeps the steps before the first wrong one and redoes it; without a fix the attempt is copied', () => {
  let fixed = 0;
  const wrong = pairs(false, 40);
  assert.ok(wrong.length >= 20);
  for (const { problem, first, seed } of wrong) {
    const plan = readProblem(problem);
    assert.ok(plan);
    const firstWrong = readChain(plan, splitSteps(first)).steps.findIndex((s) => s.correct === false);
    const revised = revise(problem, [first], seed, { reviseFixRate: 1, reviseFixRateAtTrap: 1 }, 0);
    if (firstWrong >= 0) assert.deepEqual(splitSteps(revised).slice(0, firstWrong), splitSteps(first).slice(0, firstWrong));
    if (isRight(problem, revised)) fixed += 1;
    assert.equal(revise(problem, [first], seed, { reviseFixRate: 0, reviseFixRateAtTrap: 0 }), first);
  }
  // At temperature 0 a redone step is right unless the problem's trap draws the model back.
  assert.ok(fixed >= wrong.length * 0.4, `${fixed} of ${wrong.length} fixed`);
});

test('at the defaults a revision turns some right answers wrong and some wrong answers right', () => {
  const right = pairs(true, 150);
  const broken = right.filter(({ problem, first, seed }) => !isRight(problem, revise(problem, [first], seed + 1))).length;
  const rate = broken / right.length;
  assert.ok(rate > 0.04 && rate < 0.25, `right → wrong ${rate.toFixed(3)}`);
  const wrong = pairs(false, 80);
  const repaired = wrong.filter(({ problem, first, seed }) => isRight(problem, revise(problem, [first], seed + 1))).length;
  assert.ok(repaired > 0 && repaired / wrong.length < 0.5, `wrong → right ${repaired} of ${wrong.length}`);
});

test('only revision requests are revised; a problem it cannot read gets the demo message', () => {
  const p = problems[0];
  assert.ok(p);
  const solving = respond({ messages: solveMessages(p.problem), temperature: 0, seed: 1, maxTokens: -1, think: true });
  assert.doesNotMatch(solving.tokens.filter((t) => t.thinking).map((t) => t.text).join(''), /attempt/);
  const unknown = text(respond({ messages: reviseMessages('Prove Fermat’s last theorem.', ['x']), temperature: 0, seed: 1, maxTokens: -1 }));
  assert.equal(unknown, DEMO_MODEL_MESSAGE);
});
