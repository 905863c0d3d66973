// Calibration of the simulated reasoner: how often it solves its generated problems at each difficulty
// level (one sample at T = 0.7, majority of 8 at T = 0.7, greedy at T = 0), and how accurate its step judge
// is, measured end to end through Ponder's own prompts and log-probability scoring.
//
//   npx tsx bench/sim-calibration.ts [--problems 400] [--seed 1] [--votes 8]
//
// The figures in docs/simulator.md come from this script with its defaults.
import { parseArgs } from 'node:util';
import { resolveSimParams } from '../src/engine/model/sim/config';
import { judgeStep } from '../src/engine/model/sim/judge';
import { generateProblems, type Difficulty, type GeneratedProblem } from '../src/engine/model/sim/problems';
import { respond } from '../src/engine/model/sim/reasoner';
import { readBoxed } from '../src/engine/model/sim/step-text';
import type { SimResponse } from '../src/engine/model/sim/types';
import { solveMessages, splitSteps } from '../src/engine/prompts/solve';
import { verifyMessages } from '../src/engine/prompts/verify';
import { readYesNo } from '../src/engine/verify/yes-no';

const { values } = parseArgs({
  options: {
    problems: { type: 'string', default: '400' },
    seed: { type: 'string', default: '1' },
    votes: { type: 'string', default: '8' },
  },
});
const perLevel = Number(values.problems);
const seed = Number(values.seed);
const votes = Number(values.votes);
const LEVELS: readonly Difficulty[] = [1, 2, 3, 4, 5];

function text(response: SimResponse): string {
  return response.tokens.filter((t) => !t.thinking).map((t) => t.text).join('');
}

function sample(problem: GeneratedProblem, temperature: number, sampleSeed: number): { answer: string | undefined; text: string; tokens: number } {
  const response = respond({ messages: solveMessages(problem.problem), temperature, seed: sampleSeed, maxTokens: -1 });
  const solution = text(response);
  return { answer: readBoxed(solution)?.toString(), text: solution, tokens: response.tokens.length };
}

function majority(answers: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const answer of answers) if (answer !== undefined) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

// ---- Solving ----
console.log(`Simulated reasoner calibration: ${perLevel} generated problems per level, seed ${seed}, default parameters\n`);
console.log('| level | operations | T=0.7 one sample | T=0.7 majority of ' + votes + ' | T=0.7 pass@' + votes + ' | T=0 greedy | tokens/solution |');
console.log('|---|---|---|---|---|---|---|');
const all = { single: 0, majority: 0, greedy: 0, count: 0 };
const judged: { pYes: number; truth: boolean; atTrap: boolean }[] = [];
for (const level of LEVELS) {
  const problems = generateProblems({ count: perLevel, seed: seed * 1000 + level, difficulty: level });
  let single = 0;
  let voted = 0;
  let pass = 0;
  let greedy = 0;
  let tokens = 0;
  let operations = 0;
  for (const [i, problem] of problems.entries()) {
    const samples = Array.from({ length: votes }, (_, k) => sample(problem, 0.7, seed * 1_000_000 + i * 100 + k));
    if (samples[0]?.answer === problem.gold) single++;
    if (majority(samples.map((s) => s.answer)) === problem.gold) voted++;
    if (samples.some((s) => s.answer === problem.gold)) pass++;
    if (sample(problem, 0, 0).answer === problem.gold) greedy++;
    tokens += samples[0]?.tokens ?? 0;
    operations += problem.steps;
    // Judge every step of the first sample, as Ponder's log-probability verifier does.
    const steps = splitSteps(samples[0]?.text ?? '');
    const params = resolveSimParams();
    steps.forEach((_, s) => {
      const truth = judgeStep(problem.problem, steps, s + 1, params);
      if (truth.truth === undefined) return;
      const response = respond({ messages: verifyMessages(problem.problem, steps, s), temperature: 0, seed: s, maxTokens: 1, topLogprobs: 20 });
      const first = response.tokens[0];
      const reading = readYesNo(first ? { token: first.text, logprob: first.logprob, topLogprobs: first.top } : undefined, text(response));
      judged.push({ pYes: reading.score, truth: truth.truth, atTrap: truth.atTrap });
    });
  }
  all.single += single;
  all.majority += voted;
  all.greedy += greedy;
  all.count += problems.length;
  const n = problems.length;
  console.log(
    `| ${level} | ${(operations / n).toFixed(1)} | ${percent(single / n)} | ${percent(voted / n)} | ${percent(pass / n)} | ${percent(greedy / n)} | ${(tokens / n).toFixed(0)} |`,
  );
}
console.log(`| all | | ${percent(all.single / all.count)} | ${percent(all.majority / all.count)} | | ${percent(all.greedy / all.count)} | |`);

// ---- Judging ----
const right = (items: typeof judged): number => items.filter((j) => (j.pYes > 0.5) === j.truth).length / Math.max(1, items.length);
const mean = (items: typeof judged): number => items.reduce((sum, j) => sum + j.pYes, 0) / Math.max(1, items.length);
const correct = judged.filter((j) => j.truth);
const wrong = judged.filter((j) => !j.truth && !j.atTrap);
const traps = judged.filter((j) => j.atTrap);
const incorrect = judged.filter((j) => !j.truth);
// AUROC: the chance that a random correct step scores above a random incorrect one.
let above = 0;
for (const c of correct) for (const w of incorrect) above += c.pYes > w.pYes ? 1 : c.pYes === w.pYes ? 0.5 : 0;
const auroc = above / Math.max(1, correct.length * incorrect.length);

console.log(`\nStep judge (P(yes) from the first token's top-20 log-probabilities; right = P(yes) > 0.5 agrees with the truth)\n`);
console.log('| steps | count | judged right | mean P(yes) |');
console.log('|---|---|---|---|');
console.log(`| correct | ${correct.length} | ${percent(right(correct))} | ${mean(correct).toFixed(2)} |`);
console.log(`| incorrect, not at a trap | ${wrong.length} | ${percent(right(wrong))} | ${mean(wrong).toFixed(2)} |`);
console.log(`| incorrect, at the problem's trap | ${traps.length} | ${percent(right(traps))} | ${mean(traps).toFixed(2)} |`);
console.log(`| all (the mix T=0.7 chains produce) | ${judged.length} | ${percent(right(judged))} | |`);
console.log(`| balanced (correct vs incorrect not at a trap) | | ${percent((right(correct) + right(wrong)) / 2)} | |`);
console.log(`\nAUROC of P(yes), correct vs all incorrect steps: ${auroc.toFixed(3)}`);
