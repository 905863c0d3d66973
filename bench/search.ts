// Search strategies and the adaptive budget on the simulated reasoner: majority vote, verifier-weighted
// best-of-N, beam search, DVTS, lookahead, sequential revisions and adaptive mode over generated problems
// of every difficulty, each problem solved by every configuration. Prints accuracy and mean tokens
// (generated, verification included) per strategy and budget, overall and per oracle difficulty bin
// (quintiles of pass@1, Snell et al.), then the three comparisons that matter:
//   1. beam search vs weighted best-of-N at equal tokens on the harder bins;
//   2. adaptive vs the best single fixed strategy at equal mean tokens;
//   3. adaptive vs majority@64: accuracy reached and token ratio (target ≤ 1/4).
// The problems' seed differs from the seeds used while building the strategies, so nothing here was
// tuned on these problems. Every configuration samples from the same seed (common random numbers), so the
// comparisons are paired. Work is split over worker processes (one per core by default).
//
//   npx tsx bench/search.ts [--problems 300] [--seed 2026] [--workers 2] [--calibration-seed 11] [--calibration-problems 300]
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { generateProblems } from '../src/engine/model/sim/problems';
import { DEFAULT_POLICY } from '../src/engine/stopping/policy';
import type { Policy } from '../src/engine/stopping/policy';
import { calibrateCuts } from './search/calibration';
import { configsFor, MAJORITY_NS, MAX_TOKENS_PER_SAMPLE, runProblem, TEMPERATURE, WEIGHTED_NS } from './search/runs';
import type { ProblemRecord } from './search/runs';
import { interpolate, oracleBins, outcomesOf, paired, pct, summarise, table } from './search/tables';
import { option } from './support/options';

const args = process.argv.slice(2);


const PROBLEMS = option('problems', 300);
const SEED = option('seed', 2026);
const WORKERS = option('workers', Math.min(2, availableParallelism()));
/** The development seed the calibrated configurations' difficulty cuts are measured on, and how many problems. */
const CALIBRATION_SEED = option('calibration-seed', 11);
const CALIBRATION_PROBLEMS = option('calibration-problems', 300);
/** Problems a worker solves at once (the simulated model is CPU-bound; this only overlaps the awaits). */
const PER_WORKER = 4;

async function worker(index: number, count: number, cuts: Policy['difficulty']['cuts']): Promise<void> {
  const configs = configsFor(cuts);
  const problems = generateProblems({ count: PROBLEMS, seed: SEED, difficulty: 'mixed' });
  const mine = problems.map((p, i) => ({ p, i })).filter(({ i }) => i % count === index);
  let next = 0;
  await Promise.all(
    Array.from({ length: PER_WORKER }, async () => {
      while (next < mine.length) {
        const { p, i } = mine[next++] as (typeof mine)[number];
        const record = await runProblem(p, i, SEED, configs);
        process.send?.({ index: i, record });
      }
    }),
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  if (CALIBRATION_SEED === SEED) throw new Error('--calibration-seed must differ from --seed: the cuts are measured on other problems');
  const cuts = await calibrateCuts(CALIBRATION_SEED, CALIBRATION_PROBLEMS);
  process.stderr.write(`  calibrated cuts ${cuts.map((c) => c.toFixed(3)).join(', ')} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  const records = new Array<ProblemRecord | undefined>(PROBLEMS);
  let done = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, (_, w) =>
      new Promise<void>((resolve, reject) => {
        const child = fork(process.argv[1] as string, [...args, '--worker', String(w), '--of', String(WORKERS), '--cuts', cuts.join(',')]);
        child.on('message', (message: { index: number; record: ProblemRecord }) => {
          records[message.index] = message.record;
          done += 1;
          if (done % 25 === 0) process.stderr.write(`  ${done}/${PROBLEMS} problems (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
        });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${w} exited with ${code}`))));
      }),
    ),
  );
  const all = records.filter((r): r is ProblemRecord => r !== undefined);
  if (all.length !== PROBLEMS) throw new Error(`only ${all.length} of ${PROBLEMS} problems came back`);
  report(all, cuts, (performance.now() - started) / 1000);
}

function report(records: readonly ProblemRecord[], cuts: Policy['difficulty']['cuts'], seconds: number): void {
  const bins = oracleBins(records);
  const levels = [1, 2, 3, 4, 5].map((l) => records.filter((r) => r.level === l).length);
  console.log(`${records.length} generated problems (seed ${SEED}); generator levels 1–5: ${levels.join(', ')}`);
  console.log(`simulated reasoner, temperature ${TEMPERATURE}, ≤ ${MAX_TOKENS_PER_SAMPLE} tokens per chain, log-probability step judge, min aggregation (the engine default)`);
  const binPass = [1, 2, 3, 4, 5].map((b) => {
    const xs = records.filter((_, i) => bins[i] === b);
    return (xs.reduce((s, r) => s + r.passAt1, 0) / xs.length).toFixed(2);
  });
  console.log(`oracle bins (quintiles of pass@1 over 64 samples), mean pass@1: ${binPass.join(', ')}`);
  console.log(`calibrated cuts: ${cuts.map((c) => c.toFixed(3)).join(', ')} (quintiles of the probe's estimate on ${CALIBRATION_PROBLEMS} problems of seed ${CALIBRATION_SEED}; built-in: ${DEFAULT_POLICY.difficulty.cuts.join(', ')})`);
  console.log('tokens: generated tokens per problem, verification included (the budget unit)\n');

  const ids = [...MAJORITY_NS.map((k) => `majority N=${k}`), ...WEIGHTED_NS.map((k) => `weighted N=${k}`), ...configsFor(cuts).map((c) => c.id)];
  console.log('1. Accuracy (%) and mean tokens per strategy and budget');
  console.log(
    table(
      ['strategy', 'acc', '95% CI', 'tokens', 'bin1', 'bin2', 'bin3', 'bin4', 'bin5'],
      ids.map((id) => {
        const s = summarise(outcomesOf(records, id));
        const perBin = [1, 2, 3, 4, 5].map((b) => pct(summarise(outcomesOf(records, id, bins, b)).accuracy));
        return [id, pct(s.accuracy), `${pct(s.ci[0])}–${pct(s.ci[1])}`, s.tokens.toFixed(0), ...perBin];
      }),
    ),
  );

  console.log('\n2. Beam search vs weighted best-of-N at equal N (≈ equal tokens) on the harder bins');
  const hard = (id: string, which: number[]) => summarise(records.flatMap((r, i) => (which.includes(bins[i] ?? 0) && r.runs[id] ? [r.runs[id]] : [])));
  const rows2: string[][] = [];
  for (const n of [4, 8, 16]) {
    for (const which of [[4], [5], [4, 5]]) {
      const beam = hard(`beam N=${n}`, which);
      const weighted = hard(`weighted N=${n}`, which);
      rows2.push([`N=${n}`, `bin ${which.join('+')}`, pct(beam.accuracy), beam.tokens.toFixed(0), pct(weighted.accuracy), weighted.tokens.toFixed(0), beam.accuracy > weighted.accuracy ? 'beam' : beam.accuracy < weighted.accuracy ? 'weighted' : 'tie']);
    }
  }
  console.log(table(['budget', 'bins', 'beam acc', 'beam tok', 'weighted acc', 'weighted tok', 'ahead'], rows2));

  console.log('\n3. Adaptive vs the best single fixed strategy at equal mean tokens');
  const families: Record<string, string[]> = {
    majority: MAJORITY_NS.map((k) => `majority N=${k}`),
    weighted: WEIGHTED_NS.map((k) => `weighted N=${k}`),
    beam: ['beam N=4', 'beam N=8', 'beam N=16'],
    dvts: ['dvts N=8', 'dvts N=16'],
  };
  const fixedIds = ids.filter((id) => !id.startsWith('adaptive'));
  const rows3: string[][] = [];
  for (const id of ids.filter((x) => x.startsWith('adaptive'))) {
    const a = summarise(outcomesOf(records, id));
    const curves = Object.entries(families).map(([name, members]) => {
      const at = interpolate(members.map((m) => ({ tokens: summarise(outcomesOf(records, m)).tokens, accuracy: summarise(outcomesOf(records, m)).accuracy })), a.tokens);
      return `${name} ${at === undefined ? '–' : pct(at)}`;
    });
    const affordable = fixedIds.map((f) => ({ f, s: summarise(outcomesOf(records, f)) })).filter((x) => x.s.tokens <= a.tokens * 1.02);
    const best = affordable.sort((x, y) => y.s.accuracy - x.s.accuracy)[0];
    const vs = best ? paired(records, id, best.f) : undefined;
    rows3.push([
      id,
      pct(a.accuracy),
      a.tokens.toFixed(0),
      best ? `${best.f} ${pct(best.s.accuracy)} @${best.s.tokens.toFixed(0)}` : '–',
      vs ? `+${vs.onlyA}/−${vs.onlyB}` : '–',
      curves.join(', '),
    ]);
  }
  console.log(table(['adaptive', 'acc', 'tokens', 'best fixed with ≤ its tokens', 'paired', 'fixed families interpolated at its tokens'], rows3));

  console.log('\n4. Adaptive vs majority@64');
  const m64 = summarise(outcomesOf(records, 'majority N=64'));
  const rows4 = ids
    .filter((x) => x.startsWith('adaptive'))
    .map((id) => {
      const a = summarise(outcomesOf(records, id));
      const vs = paired(records, id, 'majority N=64');
      return [id, pct(a.accuracy), pct(m64.accuracy), `${(a.accuracy - m64.accuracy >= 0 ? '+' : '')}${pct(a.accuracy - m64.accuracy)}`, `+${vs.onlyA}/−${vs.onlyB}`, a.tokens.toFixed(0), m64.tokens.toFixed(0), (a.tokens / m64.tokens).toFixed(3)];
    });
  console.log(table(['adaptive', 'acc', 'maj@64 acc', 'diff', 'paired', 'tokens', 'maj@64 tok', 'token ratio'], rows4));

  for (const id of ['adaptive N≤64', 'adaptive N≤64, calibrated cuts']) {
    console.log(`\n5. ${id}: estimated difficulty bin (from its probe) against the oracle bin`);
    const est = records.map((r) => r.runs[id]?.bin ?? 0);
    const rows5 = [1, 2, 3, 4, 5].map((e) => {
      const xs = records.filter((_, i) => est[i] === e);
      const s = summarise(xs.map((r) => r.runs[id] as NonNullable<ProblemRecord['runs'][string]>));
      const oracle = [1, 2, 3, 4, 5].map((b) => String(records.filter((_, i) => est[i] === e && bins[i] === b).length));
      return [`est. bin ${e}`, String(xs.length), pct(s.accuracy), s.tokens.toFixed(0), ...oracle];
    });
    console.log(table(['', 'problems', 'acc', 'tokens', 'oracle 1', 'oracle 2', 'oracle 3', 'oracle 4', 'oracle 5'], rows5));
  }
  console.log(`\n(${seconds.toFixed(0)} s with ${WORKERS} worker processes)`);
}

const workerIndex = args.indexOf('--worker');
if (workerIndex >= 0) {
  const of = Number(args[args.indexOf('--of') + 1]);
  const cuts = (args[args.indexOf('--cuts') + 1] ?? '').split(',').map(Number) as unknown as Policy['difficulty']['cuts'];
  worker(Number(args[workerIndex + 1]), of, cuts).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
