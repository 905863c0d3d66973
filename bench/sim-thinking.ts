// The simulated reasoner's thinking mode: accuracy of one sample at T = 0.7 against the thinking budget, per
// difficulty level, with the thinking tokens actually spent and how often the budget cut the trace. The
// shape (rising, saturating, later for harder problems) is what docs/simulator.md compares with s1 and Qwen3.
//
//   npx tsx bench/sim-thinking.ts [--problems 200] [--seed 1] [--budgets 0,64,128,256,512,1024,2048,4096]
//
// The table in docs/simulator.md ("Thinking") comes from this script with its defaults.
import { parseArgs } from 'node:util';
import { generateProblems, type Difficulty } from '../src/engine/model/sim/problems';
import { respond } from '../src/engine/model/sim/reasoner';
import { readBoxed } from '../src/engine/model/sim/step-text';
import { solveMessages } from '../src/engine/prompts/solve';

const { values } = parseArgs({
  options: {
    problems: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    budgets: { type: 'string', default: '0,64,128,256,512,1024,2048,4096' },
  },
});
const perLevel = Number(values.problems);
const seed = Number(values.seed);
const budgets = values.budgets.split(',').map(Number);
const LEVELS: readonly Difficulty[] = [1, 2, 3, 4, 5];
const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

console.log(`Simulated reasoner, thinking mode: ${perLevel} generated problems per level, seed ${seed}, one sample each at T = 0.7, default parameters\n`);
console.log(`| level | ${budgets.map((b) => (b === 0 ? 'no thinking' : `budget ${b}`)).join(' | ')} |`);
console.log(`|---|${budgets.map(() => '---').join('|')}|`);
const spentRows: string[] = [];
for (const level of LEVELS) {
  const problems = generateProblems({ count: perLevel, seed: seed * 1000 + level, difficulty: level });
  const cells: string[] = [];
  const spent: string[] = [];
  for (const budget of budgets) {
    let right = 0;
    let thinking = 0;
    let cut = 0;
    problems.forEach((problem, i) => {
      const response = respond({
        messages: solveMessages(problem.problem),
        temperature: 0.7,
        seed: seed * 100_000 + i,
        maxTokens: -1,
        ...(budget > 0 ? { think: true, thinkingBudget: { maxTokens: budget } } : {}),
      });
      const answer = readBoxed(response.tokens.filter((t) => !t.thinking).map((t) => t.text).join(''))?.toString();
      if (answer === problem.gold) right += 1;
      thinking += response.tokens.filter((t) => t.thinking).length;
      if (response.thinkingOutcome?.ending === 'cut') cut += 1;
    });
    cells.push(percent(right / problems.length));
    spent.push(budget === 0 ? '0' : `${Math.round(thinking / problems.length)} (${percent(cut / problems.length)} cut)`);
  }
  console.log(`| ${level} | ${cells.join(' | ')} |`);
  spentRows.push(`| ${level} | ${spent.join(' | ')} |`);
}
console.log(`\nMean thinking tokens spent per sample (share of traces the budget cut):\n`);
console.log(`| level | ${budgets.map((b) => (b === 0 ? 'no thinking' : `budget ${b}`)).join(' | ')} |`);
console.log(`|---|${budgets.map(() => '---').join('|')}|`);
for (const row of spentRows) console.log(row);
