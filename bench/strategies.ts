// Majority vote vs verifier-weighted best-of-N on the simulated reasoner, at N = 1, 4, 16, over
// generated problems of mixed difficulty. Every strategy sees the same chains (the same seeds per
// problem), so the comparison isolates how the answer is selected. Prints accuracy with a 95% Wilson
// interval and mean tokens per problem (generator, verifier, total generated; prompt tokens evaluated),
// a paired comparison with an exact McNemar test, and how well the verifier ranks right above wrong
// chains of the same problem (pairwise AUC; 0.5 = chance) for each step-score aggregation.
//
//   npx tsx bench/strategies.ts [--problems 240] [--seed 7] [--concurrency 32]
import { answersEquivalent } from '../src/engine/answers';
import type { GeneratedProblem } from '../src/engine/model/sim/problems';
import { generateProblems } from '../src/engine/model/sim/problems';
import { SimulatedModel } from '../src/engine/model/sim/simulated-model';
import type { TreeSnapshot } from '../src/protocol/tree';
import type { SolveResult } from '../src/engine/solve';
import { solve } from '../src/engine/solve';
import type { Aggregation } from '../src/engine/verify/aggregate';
import { aggregateScores, AGGREGATIONS } from '../src/engine/verify/aggregate';
import { option } from './support/options';


const PROBLEM_COUNT = option('problems', 240);
const SEED = option('seed', 7);
const CONCURRENCY = option('concurrency', 32);
const SAMPLE_COUNTS = [1, 4, 16];
const TEMPERATURE = 0.7;
const MAX_TOKENS_PER_SAMPLE = 512;

interface Variant {
  label: string;
  strategy: 'majority' | 'weighted';
  aggregation?: Aggregation;
}
/** 'last' is the default aggregation (Snell et al.); 'min' is shown beside it because the judge is asked about one step at a time. */
const VARIANTS: Variant[] = [
  { label: 'majority', strategy: 'majority' },
  { label: 'weighted', strategy: 'weighted', aggregation: 'last' },
  { label: 'weighted-min', strategy: 'weighted', aggregation: 'min' },
];

interface Run {
  problem: GeneratedProblem;
  correct: boolean;
  result: SolveResult;
}

/** Wilson score interval for k successes in n trials, 95%. */
function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Two-sided exact McNemar p-value for b vs c discordant pairs. */
function mcnemar(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  let tail = 0;
  let term = Math.pow(0.5, n); // C(n, 0) / 2^n
  for (let k = 0; k <= Math.min(b, c); k++) {
    tail += term;
    term = (term * (n - k)) / (k + 1);
  }
  return Math.min(1, 2 * tail);
}

async function runAll(problems: readonly GeneratedProblem[], variant: Variant, samples: number): Promise<Run[]> {
  const model = new SimulatedModel();
  const runs: Run[] = new Array<Run>(problems.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < problems.length) {
      const index = next++;
      const problem = problems[index] as GeneratedProblem;
      const result = await solve(problem.problem, {
        model,
        strategy: variant.strategy,
        ...(variant.aggregation ? { aggregation: variant.aggregation } : {}),
        samples,
        parallelism: Math.min(samples, 4),
        maxTokensPerSample: MAX_TOKENS_PER_SAMPLE,
        temperature: TEMPERATURE,
        seed: SEED * 100_003 + index * 1_000,
        runId: `${variant.label}-${samples}-${problem.id}`,
      });
      runs[index] = { problem, correct: result.answer !== undefined && answersEquivalent(result.answer, problem.gold), result };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, problems.length) }, worker));
  return runs;
}

/** Each answered chain of a tree: its answer and its step scores in order. */
function chainsOf(tree: TreeSnapshot): { answer: string; steps: number[] }[] {
  const byId = new Map(tree.nodes.map((n) => [n.id, n]));
  return tree.nodes
    .filter((n) => n.kind === 'answer' && n.answer !== undefined)
    .map((answer) => {
      const steps: number[] = [];
      for (let node = byId.get(answer.parentId ?? ''); node?.kind === 'step'; node = byId.get(node.parentId ?? '')) {
        if (node.score !== undefined) steps.unshift(node.score);
      }
      return { answer: answer.answer ?? '', steps };
    });
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
const pct = (x: number) => (100 * x).toFixed(1);
const pad = (text: string, width: number) => text.padStart(width);

async function main(): Promise<void> {
  const started = performance.now();
  const problems = generateProblems({ count: PROBLEM_COUNT, seed: SEED, difficulty: 'mixed' });
  const levels = [...new Set(problems.map((p) => p.difficulty))].sort();
  console.log(
    `${problems.length} simulated problems (seed ${SEED}), by difficulty: ` +
      levels.map((d) => `${d}: ${problems.filter((p) => p.difficulty === d).length}`).join(', '),
  );
  console.log(`temperature ${TEMPERATURE}, ≤ ${MAX_TOKENS_PER_SAMPLE} tokens per chain, verifier chosen from capabilities\n`);

  const results = new Map<string, Run[]>();
  const key = (label: string, samples: number) => `${label}/${samples}`;
  for (const samples of SAMPLE_COUNTS) {
    for (const variant of VARIANTS) results.set(key(variant.label, samples), await runAll(problems, variant, samples));
  }
  const method = results.get(key('weighted', 1))?.[0]?.result.verifier?.description ?? 'none';
  console.log(`verifier: ${method}`);

  const widths = [13, 3, 10, 12, 8, 10, 9, 10];
  const header = ['strategy', 'N', 'accuracy %', '95% CI', 'gen tok', 'verify tok', 'total tok', 'prompt tok'];
  console.log(header.map((h, i) => pad(h, widths[i] ?? 8)).join('  '));
  for (const samples of SAMPLE_COUNTS) {
    for (const variant of VARIANTS) {
      const runs = results.get(key(variant.label, samples)) ?? [];
      const k = runs.filter((r) => r.correct).length;
      const [low, high] = wilson(k, runs.length);
      const gen = mean(runs.map((r) => r.result.usageByPurpose.generator.generatedTokens));
      const ver = mean(runs.map((r) => r.result.usageByPurpose.verifier.generatedTokens));
      const prompt = mean(runs.map((r) => r.result.usage.promptTokens));
      const row = [variant.label, String(samples), pct(k / runs.length), `${pct(low)}–${pct(high)}`, gen.toFixed(0), ver.toFixed(1), (gen + ver).toFixed(0), prompt.toFixed(0)];
      console.log(row.map((cell, i) => pad(cell, widths[i] ?? 8)).join('  '));
    }
  }

  console.log('\npaired against majority on the same chains: problems only the variant got right / only majority got right (exact McNemar p)');
  for (const samples of SAMPLE_COUNTS) {
    const majority = results.get(key('majority', samples)) ?? [];
    const oracle = majority.filter((r) => chainsOf(r.result.tree).some((c) => answersEquivalent(c.answer, r.problem.gold))).length;
    const cells = VARIANTS.filter((v) => v.strategy !== 'majority').map((variant) => {
      const runs = results.get(key(variant.label, samples)) ?? [];
      const better = runs.filter((r, i) => r.correct && !majority[i]?.correct).length;
      const worse = runs.filter((r, i) => !r.correct && majority[i]?.correct).length;
      return `${variant.label} +${better} / −${worse} (p=${mcnemar(better, worse).toFixed(3)})`;
    });
    console.log(`  N=${pad(String(samples), 2)}: ${cells.join('   ')}   oracle (any chain right) ${pct(oracle / Math.max(1, majority.length))}%`);
  }

  // Selection only compares chains of the same problem, so discrimination is measured within problems.
  const largest = SAMPLE_COUNTS[SAMPLE_COUNTS.length - 1] ?? 1;
  const scored = results.get(key('weighted', largest)) ?? [];
  console.log(`\nverifier: P(right chain scores above wrong chain of the same problem), N=${largest}, by aggregation of step scores`);
  for (const how of AGGREGATIONS) {
    let wins = 0;
    let pairs = 0;
    const perLevel = new Map<number, [number, number]>();
    for (const run of scored) {
      const chains = chainsOf(run.result.tree).map((c) => ({ right: answersEquivalent(c.answer, run.problem.gold), score: aggregateScores(c.steps, how) ?? 0.5 }));
      const level = perLevel.get(run.problem.difficulty) ?? [0, 0];
      perLevel.set(run.problem.difficulty, level);
      for (const r of chains.filter((c) => c.right)) {
        for (const w of chains.filter((c) => !c.right)) {
          const win = r.score > w.score ? 1 : r.score === w.score ? 0.5 : 0;
          wins += win;
          pairs += 1;
          level[0] += win;
          level[1] += 1;
        }
      }
    }
    const byLevel = levels.map((d) => {
      const [w, n] = perLevel.get(d) ?? [0, 0];
      return `${d}: ${n > 0 ? (w / n).toFixed(2) : 'n/a'}`;
    });
    console.log(`  ${pad(how, 7)}  ${pairs > 0 ? (wins / pairs).toFixed(3) : 'n/a'} over ${pairs} pairs   (by difficulty ${byLevel.join(', ')})`);
  }

  console.log('\naccuracy % by difficulty');
  console.log([pad('strategy', 13), pad('N', 3), ...levels.map((d) => pad(String(d), 6))].join('  '));
  for (const samples of SAMPLE_COUNTS) {
    for (const variant of VARIANTS) {
      const runs = results.get(key(variant.label, samples)) ?? [];
      const cells = levels.map((d) => {
        const subset = runs.filter((r) => r.problem.difficulty === d);
        return pad(pct(subset.filter((r) => r.correct).length / Math.max(1, subset.length)), 6);
      });
      console.log([pad(variant.label, 13), pad(String(samples), 3), ...cells].join('  '));
    }
  }
  console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
