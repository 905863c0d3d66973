// The built-in stopping model, fitted across recorded sets and validated leave-one-set-out. For each
// recorded set: fit the model and choose its threshold on the OTHER sets only, then measure it on the held
// out set with `ponder bench` (20 random orders, as every bench run) against ESC, the Beta rule and the
// oracle. Last, fit on every set: that is the built-in model (printed; `--write` puts it in
// src/engine/stopping/default-stop-model.ts).
//
//   npx tsx bench/stopping.ts [--seed 1] [--repeats 20] [--write]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRecord } from '../src/cli/bench/aggregate';
import { runBench } from '../src/cli/bench/index';
import { loadDatasetFile } from '../src/cli/bench/datasets';
import { replayBudgets } from '../src/cli/bench/plan';
import { processIo } from '../src/cli/io';
import { replayOrder } from '../src/engine/model/replay';
import type { StopRun, StopTrainingSet } from '../src/engine/stopping/fit-stop-model';
import { chooseThreshold, fitStopModel } from '../src/engine/stopping/fit-stop-model';
import { learnedPolicy, STOP_TOLERANCE } from '../src/engine/stopping/learned-policy';
import { serializePolicy } from '../src/engine/stopping/policy';
import type { StopModel } from '../src/engine/stopping/stop-model';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const seed = Number(option('seed', '1'));
const repeats = option('repeats', '20');
/** Orders per problem the model is fitted on (its own orders: the evaluation draws others). */
const FIT_ORDERS = 2;

const SETS = [
  'tot_game24_gpt4_cot_n100.jsonl',
  'tot_game24_gpt4_standard_n100.jsonl',
  'math500sub20_qwen25_1p5b_n16_prm.jsonl',
  'gsm8k_openai_4systems_n4.jsonl',
  'faithfulcot_date_code002_ltm_n40.jsonl',
];
const dataDir = join('bench', 'data', 'replay');

function trainingSet(file: string): StopTrainingSet {
  const dataset = loadDatasetFile(join(dataDir, file), file, undefined, undefined);
  const problems = dataset.problems.map((p) =>
    Array.from({ length: FIT_ORDERS }, (_, r): StopRun => {
      const order = replayOrder(seed, `stop-model-fit:${p.id}`, r, p.samples.length).map((i) => p.samples[i] as (typeof p.samples)[number]);
      return {
        keys: order.map((s) => s.answer),
        scores: order.map((s) => s.score),
        confidences: order.map((s) => s.confidence),
        tokens: order.map((s) => s.tokens),
        correct: order.map((s) => s.correct),
      };
    }),
  );
  return { name: file, problems, caps: replayBudgets(dataset.maxRecorded) };
}

function fit(sets: readonly StopTrainingSet[]): { model: StopModel; threshold: number } {
  const model = fitStopModel(sets);
  return { model, threshold: chooseThreshold(model, sets, STOP_TOLERANCE) };
}

async function main(): Promise<number> {
  const io = processIo();
  const sets = SETS.map(trainingSet);
  const rows: string[] = [];
  for (const held of sets) {
    const { model, threshold } = fit(sets.filter((s) => s !== held));
    const dir = join('bench', 'out', 'stopping', held.name.replace(/\.jsonl$/, ''));
    mkdirSync(dir, { recursive: true });
    const policyFile = join(dir, 'policy-leave-one-out.json');
    writeFileSync(policyFile, serializePolicy(learnedPolicy(model, threshold, `fitted on every recorded set but ${held.name}`)));
    const code = await runBench(['--dataset', join(dataDir, held.name), '--repeats', repeats, '--seed', String(seed), '--policy', policyFile, '--strategies', 'majority,esc:2,esc:4,esc:8,beta,adaptive', '--fresh', '--out', dir], io);
    if (code !== 0) return code;
    const records = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchRecord[];
    const max = Math.max(...records.map((r) => r.budget));
    const at = (id: string): BenchRecord | undefined => records.find((r) => r.id === id && r.budget === max);
    const target = at('majority');
    const adaptive = at('adaptive');
    const oracle = at('oracle');
    if (!target || !adaptive || !oracle) return 1;
    const floor = target.accuracy - 0.005 - 1e-12;
    const baselines = records.filter((r) => (r.strategy === 'esc' || r.strategy === 'beta') && r.budget === max && r.accuracy >= floor).sort((a, b) => a.meanSamples - b.meanSamples);
    const best = baselines[0];
    const within = adaptive.accuracy >= floor;
    rows.push(
      `| ${held.name.replace(/\.jsonl$/, '')} | ${max} | ${threshold} | ${pct(target.accuracy)} | ${pct(adaptive.accuracy)}${within ? '' : ' (outside 0.5 pt)'} | ${adaptive.meanSamples.toFixed(2)} | ${best ? `${best.label} ${best.meanSamples.toFixed(2)}` : 'none within 0.5 pt'} | ${best ? (adaptive.meanSamples / best.meanSamples).toFixed(2) : '—'} | ${oracle.meanSamples.toFixed(2)} | ${(adaptive.timesOracle ?? 0).toFixed(2)} |`,
    );
  }
  const all = fit(sets);
  io.stdout.write(`\nLeave-one-set-out (seed ${seed}, ${repeats} orders; the model and threshold never see the set in the row):\n\n`);
  io.stdout.write('| held-out set | budget | threshold | majority@max | adaptive | adaptive samples | best of ESC/Beta within 0.5 pt | adaptive ÷ best | oracle samples | adaptive ÷ oracle |\n|---|---:|---:|---:|---:|---:|---|---:|---:|---:|\n');
  io.stdout.write(`${rows.join('\n')}\n\nFitted on all ${sets.length} sets (the built-in model): threshold ${all.threshold}\n${JSON.stringify(all.model)}\n`);
  if (args.includes('--write')) {
    const path = join('src', 'engine', 'stopping', 'default-stop-model.ts');
    writeFileSync(
      path,
      `// Generated by \`npx tsx bench/stopping.ts --write\` (seed ${seed}): the stopping model fitted on every recorded set in
// bench/data/replay (${SETS.join(', ')}), and its threshold (the lowest that loses at most ${STOP_TOLERANCE * 100} points against
// majority@max averaged over them, and at most twice that on any one). Its leave-one-set-out figures are in docs/bench.md.
import type { StopModel } from './stop-model';

export const DEFAULT_STOP_MODEL: StopModel = ${JSON.stringify(all.model)};

export const DEFAULT_STOP_THRESHOLD = ${all.threshold};
`,
    );
    io.stdout.write(`wrote ${path}\n`);
  }
  return 0;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
