// How the simulated reasoner revises: over generated problems, a first solution at T = 0.7, then one
// revision of it; prints how often a right answer is turned wrong and a wrong one right, split by whether
// the first wrong step is at the problem's trap. The figures docs/simulator.md quotes.
//
//   npx tsx bench/sim-revisions.ts [--problems 600] [--seed 5]
import { readChain } from '../src/engine/model/sim/chain-reader';
import { DEFAULT_SIM_PARAMS } from '../src/engine/model/sim/config';
import { solvePlan } from '../src/engine/model/sim/plan';
import { generateProblems } from '../src/engine/model/sim/problems';
import { respond } from '../src/engine/model/sim/reasoner';
import { trapOf } from '../src/engine/model/sim/traps';
import { readProblem } from '../src/engine/model/sim/understand';
import { reviseMessages } from '../src/engine/prompts/revise';
import { solveMessages, splitSteps } from '../src/engine/prompts/solve';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const PROBLEMS = option('problems', 600);
const SEED = option('seed', 5);

const text = (r: ReturnType<typeof respond>) => r.tokens.filter((t) => !t.thinking).map((t) => t.text).join('');
const counts = { right: 0, rightToWrong: 0, wrongAtTrap: 0, wrongAtTrapFixed: 0, wrongElsewhere: 0, wrongElsewhereFixed: 0 };
for (const [i, p] of generateProblems({ count: PROBLEMS, seed: SEED, difficulty: 'mixed' }).entries()) {
  const plan = readProblem(p.problem);
  const correct = plan && solvePlan(plan);
  if (!plan || !correct) continue;
  const isRight = (solution: string) => readChain(plan, splitSteps(solution)).steps.filter((s) => s.boxed).at(-1)?.boxed?.equals(correct.at(-1) ?? correct[0]!) ?? false;
  const first = text(respond({ messages: solveMessages(p.problem), temperature: 0.7, seed: i, maxTokens: -1 }));
  const revised = text(respond({ messages: reviseMessages(p.problem, [first]), temperature: 0.7, seed: i + 1_000_000, maxTokens: -1 }));
  if (isRight(first)) {
    counts.right += 1;
    if (!isRight(revised)) counts.rightToWrong += 1;
    continue;
  }
  const trap = trapOf(plan, correct, DEFAULT_SIM_PARAMS);
  const firstWrong = readChain(plan, splitSteps(first)).steps.find((s) => s.correct === false);
  const atTrap = trap !== undefined && firstWrong?.op === trap.op;
  if (atTrap) {
    counts.wrongAtTrap += 1;
    if (isRight(revised)) counts.wrongAtTrapFixed += 1;
  } else {
    counts.wrongElsewhere += 1;
    if (isRight(revised)) counts.wrongElsewhereFixed += 1;
  }
}
const rate = (k: number, n: number) => `${k}/${n} = ${n === 0 ? '–' : ((100 * k) / n).toFixed(1)}%`;
console.log(`${PROBLEMS} generated problems (seed ${SEED}), one first solution and one revision each, T = 0.7, default parameters`);
console.log(`right → wrong:                       ${rate(counts.rightToWrong, counts.right)}`);
console.log(`wrong → right, first error at trap:  ${rate(counts.wrongAtTrapFixed, counts.wrongAtTrap)}`);
console.log(`wrong → right, other first errors:   ${rate(counts.wrongElsewhereFixed, counts.wrongElsewhere)}`);
const wrong = counts.wrongAtTrap + counts.wrongElsewhere;
console.log(`wrong → right, all:                  ${rate(counts.wrongAtTrapFixed + counts.wrongElsewhereFixed, wrong)}`);
