// Stopping rules fitted across recorded sets and validated leave-one-set-out. For each recorded set, with
// `ponder bench` (20 random orders) at its largest budget: majority, ESC, the Beta rule and the oracle; the
// built-in policy as shipped; the member of a small family of posterior policies (probe size × thresholds)
// chosen on the OTHER sets (fewest samples per oracle sample, within 0.5 points of majority on each of
// them); and the learned stopping model fitted, with its threshold, on the OTHER sets. Nothing about the
// held-out set is used to choose or fit what is measured on it. Writes bench/out/stopping/; `--write` puts
// the learned model fitted on every set in src/engine/stopping/default-stop-model.ts.
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
import type { Policy, PolicyBin } from '../src/engine/stopping/policy';
import { BUILT_IN_MIN_GAIN, DEFAULT_POLICY, serializePolicy } from '../src/engine/stopping/policy';
import type { StopModel } from '../src/engine/stopping/stop-model';
import { flag, option } from './support/options';
import { quietIo } from './support/quiet-io';
import { REPLAY_DIR, REPLAY_SETS } from './support/replay-sets';

const seed = option('seed', 1);
const repeats = option('repeats', 20);
/** Orders per problem the model is fitted on (its own orders: the evaluation draws others). */
const FIT_ORDERS = 2;

const SETS = REPLAY_SETS;
const dataDir = REPLAY_DIR;

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

interface Measured {
  readonly accuracy: number;
  readonly samples: number;
}

interface SetFigures {
  readonly name: string;
  readonly budget: number;
  readonly majority: number;
  readonly oracle: number;
  /** The cheapest of ESC (w = 2, 4, 8) and the Beta rule within 0.5 points of majority@max, if any. */
  readonly best?: { label: string; samples: number };
  /** Adaptive under each candidate policy of the family. */
  readonly family: Record<string, Measured>;
  /** Adaptive under the learned model fitted on the other sets. */
  readonly learned: Measured & { threshold: number };
}

/** The shipped policy's name in the family. */
const SHIPPED = 'built-in, probe 4';

/**
 * Posterior-rule policies the default is chosen among: probe size × per-bin thresholds × minimum gain. The
 * thresholds are written out (0.9/0.95/0.95/0.8/0.8 is bins 1–5; bin 5 of the former built-in had a quarter of
 * what the probe left), so a name keeps its meaning when the built-in policy changes; `built-in` is the
 * shipped policy with only the probe changed.
 */
function family(): Record<string, Policy> {
  const bin = (stopThreshold: number, budgetShare = 1, minGain = 0): PolicyBin => ({
    strategy: 'posterior',
    params: minGain > 0 ? { vote: 'auto', minGain } : { vote: 'auto' },
    budgetShare,
    stopThreshold,
  });
  const gainName = (minGain: number): string => (minGain === 0 ? 'no minimum gain' : `minimum gain ${minGain}`);
  const FORMER = [0.9, 0.95, 0.95, 0.8, 0.8] as const;
  const BUILT_IN = [0.9, 0.95, 0.95, 0.95, 0.95] as const;
  const out: Record<string, Policy> = {};
  for (const probe of [2, 4]) {
    const policy = (bins: Policy['bins']): Policy => ({ ...DEFAULT_POLICY, probe: { samples: probe }, bins });
    /** Bins 1–5 at these thresholds, each with `minGain`, bin 5 with `bin5Share` of what the probe left. */
    const byBin = (t: readonly [number, number, number, number, number], minGain = 0, bin5Share = 1): Policy =>
      policy([bin(t[0], 1, minGain), bin(t[1], 1, minGain), bin(t[2], 1, minGain), bin(t[3], 1, minGain), bin(t[4], bin5Share, minGain)]);
    out[`built-in, probe ${probe}`] = { ...DEFAULT_POLICY, probe: { samples: probe } };
    // The built-in before its hard bins stopped giving up early, with its minimum gain varied (0: none).
    for (const minGain of [0, BUILT_IN_MIN_GAIN, 0.01, 0.02]) out[`0.9/0.95/0.95/0.8/0.8, ${gainName(minGain)}, probe ${probe}`] = byBin(FORMER, minGain, 0.25);
    out[`0.8/0.9/0.9/0.8/0.8, probe ${probe}`] = byBin([0.8, 0.9, 0.9, 0.8, 0.8], 0, 0.25);
    for (const t of [0.8, 0.85, 0.9]) out[`${t} in every bin, probe ${probe}`] = byBin([t, t, t, t, t]);
    // The hard bins strict, but bin 5 still given a quarter of what the probe left.
    out[`0.9/0.95/0.95/0.95/0.95, minimum gain ${BUILT_IN_MIN_GAIN}, bin 5 a quarter, probe ${probe}`] = byBin(BUILT_IN, BUILT_IN_MIN_GAIN, 0.25);
    out[`0.95 in every bin, minimum gain ${BUILT_IN_MIN_GAIN}, probe ${probe}`] = byBin([0.95, 0.95, 0.95, 0.95, 0.95], BUILT_IN_MIN_GAIN);
    // The built-in's thresholds with its minimum gain varied, as the former built-in's are above (the built-in's
    // own 0.005 is `built-in`).
    for (const minGain of [0, 0.01, 0.02]) out[`0.9/0.95/0.95/0.95/0.95, ${gainName(minGain)}, probe ${probe}`] = byBin(BUILT_IN, minGain);
  }
  return out;
}

async function benchAt(file: string, dir: string, strategies: string, budget: number, policyFile?: string): Promise<BenchRecord[]> {
  const io = quietIo();
  const code = await runBench(
    ['--dataset', join(dataDir, file), '--repeats', String(repeats), '--seed', String(seed), '--strategies', strategies, '--budgets', String(budget), ...(policyFile ? ['--policy', policyFile] : []), '--fresh', '--out', dir],
    io,
  );
  if (code !== 0) throw new Error(`ponder bench failed on ${file}`);
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchRecord[];
}

function within(m: Measured, f: SetFigures): boolean {
  return m.accuracy >= f.majority - 0.005 - 1e-12;
}

/** The family member with the fewest samples per oracle sample over `sets`, among those within 0.5 points on every one of them. */
function choose(sets: readonly SetFigures[], names: readonly string[]): string {
  const score = (name: string): number => sets.reduce((s, f) => s + (f.family[name] as Measured).samples / f.oracle, 0) / sets.length;
  const worst = (name: string): number => Math.min(...sets.map((f) => (f.family[name] as Measured).accuracy - f.majority));
  const ok = names.filter((n) => sets.every((f) => within(f.family[n] as Measured, f)));
  const pool = ok.length > 0 ? ok : [...names].sort((a, b) => worst(b) - worst(a)).slice(0, 1);
  return [...pool].sort((a, b) => score(a) - score(b) || a.localeCompare(b))[0] as string;
}

async function main(): Promise<number> {
  const io = processIo();
  const sets = SETS.map(trainingSet);
  const candidates = family();
  const names = Object.keys(candidates);
  const root = join('bench', 'out', 'stopping');
  mkdirSync(root, { recursive: true });
  const policyFiles = new Map<string, string>();
  names.forEach((name, i) => {
    const path = join(root, `family-${i}.json`);
    writeFileSync(path, serializePolicy({ ...(candidates[name] as Policy), description: name }));
    policyFiles.set(name, path);
  });
  const figures: SetFigures[] = [];
  for (const held of sets) {
    const base = held.name.replace(/\.jsonl$/, '');
    const budget = Math.max(...held.caps);
    io.stderr.write(`${base}: baselines, ${names.length} family policies, the learned model fitted on the other sets\n`);
    const records = await benchAt(held.name, join(root, base, 'baselines'), 'majority,esc:2,esc:4,esc:8,beta', budget);
    const majority = records.find((r) => r.id === 'majority')?.accuracy ?? 0;
    const oracle = records.find((r) => r.id === 'oracle')?.meanSamples ?? 1;
    const best = records.filter((r) => (r.strategy === 'esc' || r.strategy === 'beta') && r.accuracy >= majority - 0.005 - 1e-12).sort((a, b) => a.meanSamples - b.meanSamples)[0];
    const measured: Record<string, Measured> = {};
    for (const [i, name] of names.entries()) {
      const adaptive = (await benchAt(held.name, join(root, base, `family-${i}`), 'adaptive', budget, policyFiles.get(name))).find((r) => r.id === 'adaptive');
      measured[name] = { accuracy: adaptive?.accuracy ?? 0, samples: adaptive?.meanSamples ?? budget };
    }
    const { model, threshold } = fit(sets.filter((s) => s !== held));
    const learnedFile = join(root, base, 'policy-learned-leave-one-out.json');
    writeFileSync(learnedFile, serializePolicy(learnedPolicy(model, threshold, `fitted on every recorded set but ${held.name}`)));
    const learned = (await benchAt(held.name, join(root, base, 'learned'), 'adaptive', budget, learnedFile)).find((r) => r.id === 'adaptive');
    figures.push({
      name: base,
      budget,
      majority,
      oracle,
      ...(best ? { best: { label: best.label, samples: best.meanSamples } } : {}),
      family: measured,
      learned: { accuracy: learned?.accuracy ?? 0, samples: learned?.meanSamples ?? budget, threshold },
    });
  }
  const cell = (m: Measured, f: SetFigures): string =>
    `${pct(m.accuracy)}${within(m, f) ? '' : ' ✗'} | ${m.samples.toFixed(2)} | ${f.best ? (m.samples / f.best.samples).toFixed(2) : '—'} | ${(m.samples / f.oracle).toFixed(2)}`;
  const lines: string[] = [];
  lines.push(`Seed ${seed}, ${repeats} random orders per problem, each set at its largest budget. ✗: more than 0.5 points below majority@max.`, '');
  lines.push('| held-out set | budget | majority@max | best of ESC/Beta within 0.5 pt | oracle samples | policy | accuracy | samples | ÷ best ESC/Beta | ÷ oracle |');
  lines.push('|---|---:|---:|---|---:|---|---:|---:|---:|---:|');
  for (const f of figures) {
    const chosen = choose(figures.filter((g) => g !== f), names);
    const head = `| ${f.name} | ${f.budget} | ${pct(f.majority)} | ${f.best ? `${f.best.label}: ${f.best.samples.toFixed(2)}` : 'none'} | ${f.oracle.toFixed(2)}`;
    lines.push(`${head} | built-in (as shipped) | ${cell(f.family[SHIPPED] as Measured, f)} |`);
    lines.push(`${head} | chosen on the other sets: ${chosen} | ${cell(f.family[chosen] as Measured, f)} |`);
    lines.push(`${head} | learned model fitted on the other sets (threshold ${f.learned.threshold}) | ${cell(f.learned, f)} |`);
  }
  const overall = choose(figures, names);
  lines.push('', `Chosen on all ${figures.length} sets: ${overall}.`);
  lines.push('', 'Every family member on every set (accuracy − majority@max in points / samples ÷ oracle):', '');
  lines.push(`| policy | ${figures.map((f) => f.name).join(' | ')} |`, `|---|${figures.map(() => '---:').join('|')}|`);
  for (const name of names) lines.push(`| ${name} | ${figures.map((f) => { const m = f.family[name] as Measured; return `${((m.accuracy - f.majority) * 100).toFixed(2)} / ${(m.samples / f.oracle).toFixed(2)}`; }).join(' | ')} |`);
  const all = fit(sets);
  lines.push('', `Learned model fitted on all ${sets.length} sets: threshold ${all.threshold}, ${JSON.stringify(all.model)}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  writeFileSync(join(root, 'leave-one-set-out.md'), `${lines.join('\n')}\n`);
  if (flag('write')) {
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
