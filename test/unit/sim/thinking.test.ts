// The simulated reasoner's thinking mode: accuracy rises with the thinking budget and saturates, a cut trace
// costs accuracy, the outcome says how the trace ended, and the in-process model reports it on `done`.
// Accuracy comparisons are paired (same problems, same seeds) and judged by a sign test on the discordant
// pairs, not against fixed percentages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectGeneration } from '../../../src/engine/model/collect';
import { generateProblems, type GeneratedProblem } from '../../../src/engine/model/sim/problems';
import { respond } from '../../../src/engine/model/sim/reasoner';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import type { SimRequest } from '../../../src/engine/model/sim/types';
import { solveMessages } from '../../../src/engine/prompts/solve';
import { answerOf, thinkingText, visibleText } from './helpers';

const PROBLEMS: readonly GeneratedProblem[] = generateProblems({ count: 240, seed: 77, difficulty: 4 });

function run(problem: GeneratedProblem, index: number, extra: Partial<SimRequest>) {
  return respond({ messages: solveMessages(problem.problem), temperature: 0.7, seed: 5000 + index, maxTokens: -1, ...extra });
}

function correctness(extra: (problem: GeneratedProblem, index: number) => Partial<SimRequest>): boolean[] {
  return PROBLEMS.map((problem, i) => answerOf(visibleText(run(problem, i, extra(problem, i)))) === problem.gold);
}

const budget = (maxTokens: number) => () => ({ think: true, thinkingBudget: { maxTokens } });

/** Paired sign test: wins of `better` over `worse` exceed losses by more than two standard deviations. */
function clearlyBetter(better: readonly boolean[], worse: readonly boolean[]): { wins: number; losses: number; clear: boolean } {
  let wins = 0;
  let losses = 0;
  better.forEach((b, i) => {
    if (b && !worse[i]) wins += 1;
    if (!b && worse[i]) losses += 1;
  });
  return { wins, losses, clear: wins - losses > 2 * Math.sqrt(wins + losses) };
}

test('accuracy rises with the thinking budget, then saturates', () => {
  const none = correctness(() => ({}));
  const short = correctness(budget(128));
  const medium = correctness(budget(512));
  const long = correctness(budget(2048));
  const longer = correctness(budget(8192));
  for (const [better, worse, what] of [
    [short, none, '128 thinking tokens over none'],
    [medium, short, '512 over 128'],
    [long, medium, '2048 over 512'],
  ] as const) {
    const result = clearlyBetter(better, worse);
    assert.ok(result.clear, `${what}: ${result.wins} wins, ${result.losses} losses`);
  }
  // Saturation: past the traces' natural length a larger budget changes nothing clearly.
  const beyond = clearlyBetter(longer, long);
  assert.ok(!beyond.clear, `8192 over 2048 should not clearly help: ${beyond.wins} wins, ${beyond.losses} losses`);
  const gainEarly = short.filter(Boolean).length - none.filter(Boolean).length;
  const gainLate = longer.filter(Boolean).length - long.filter(Boolean).length;
  assert.ok(gainEarly > gainLate, `the first 128 tokens (+${gainEarly}) buy more than tokens past 2048 (+${gainLate})`);
});

test('a trace the budget cuts short costs accuracy against the same trace left whole', () => {
  // Per sample: the budget at a quarter of what this sample's trace wants (read from an unlimited run).
  const wanted = PROBLEMS.map((problem, i) => run(problem, i, budget(1_000_000)()).thinkingOutcome?.tokens ?? 0);
  const whole = correctness(budget(1_000_000));
  const cut = correctness((_, i) => ({ think: true, thinkingBudget: { maxTokens: Math.floor((wanted[i] ?? 0) / 4) } }));
  const result = clearlyBetter(whole, cut);
  assert.ok(result.clear, `whole traces over cut ones: ${result.wins} wins, ${result.losses} losses`);
});

test('the outcome says how the trace ended, and the trace never exceeds its budget', () => {
  const problem = PROBLEMS[3] as GeneratedProblem;
  const natural = run(problem, 3, budget(1_000_000)());
  const wanted = natural.thinkingOutcome?.tokens ?? 0;
  assert.equal(natural.thinkingOutcome?.ending, 'natural');
  assert.equal(thinkingText(natural).length > 0, true);
  assert.equal(natural.tokens.filter((t) => t.thinking).length, wanted);

  const cut = run(problem, 3, budget(Math.floor(wanted / 2))());
  assert.equal(cut.thinkingOutcome?.ending, 'cut');
  assert.equal(cut.thinkingOutcome?.tokens, Math.floor(wanted / 2));
  assert.equal(cut.tokens.filter((t) => t.thinking).length, Math.floor(wanted / 2));
  assert.ok(answerOf(visibleText(cut)) !== undefined, 'a cut trace is still followed by an answer');

  const extended = run(problem, 3, { think: true, thinkingBudget: { maxTokens: wanted * 4, minTokens: wanted * 2 } });
  assert.equal(extended.thinkingOutcome?.ending, 'extended');
  assert.ok((extended.thinkingOutcome?.extensions ?? 0) >= 1);
  assert.ok((extended.thinkingOutcome?.tokens ?? 0) >= wanted * 2 && (extended.thinkingOutcome?.tokens ?? 0) <= wanted * 4);

  // Without a budget, a model not configured as a thinking model keeps its short outline and reports nothing.
  const plain = run(problem, 3, { think: true });
  assert.equal(plain.thinkingOutcome, undefined);
  assert.ok(plain.tokens.filter((t) => t.thinking).length < wanted);
});

test('a trace the caller already closed is not written again, and buys its accuracy', () => {
  const none = correctness(() => ({}));
  const prior = correctness(() => ({ priorThinkingTokens: 4096 }));
  const result = clearlyBetter(prior, none);
  assert.ok(result.clear, `a closed 4096-token trace over none: ${result.wins} wins, ${result.losses} losses`);
  const response = run(PROBLEMS[0] as GeneratedProblem, 0, { think: true, priorThinkingTokens: 300 });
  assert.equal(response.tokens.filter((t) => t.thinking).length, 0);
});

test('the in-process model puts the outcome on its done event for budgeted requests only', async () => {
  const model = new SimulatedModel();
  const signal = new AbortController().signal;
  const messages = solveMessages((PROBLEMS[1] as GeneratedProblem).problem);
  const budgeted = await collectGeneration(model.generate({ messages, temperature: 0.7, seed: 3, maxTokens: 4000, think: true, thinkingBudget: { maxTokens: 64 } }, signal));
  assert.equal(budgeted.thinkingOutcome?.ending, 'cut');
  assert.equal(budgeted.thinkingOutcome?.budget, 64);
  assert.equal(budgeted.thinkingOutcome?.tokens, 64);
  assert.ok(budgeted.text.includes('\\boxed{'));
  const plain = await collectGeneration(model.generate({ messages, temperature: 0.7, seed: 3, maxTokens: 4000, think: true }, signal));
  assert.equal(plain.thinkingOutcome, undefined);
});
