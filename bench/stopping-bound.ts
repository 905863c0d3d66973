// How far any stopping rule that looks only at vote counts can go on each recorded set. For every set, in
// the orders `ponder bench` reads (seeded, 20 per problem), it tabulates P(the leader after k samples is
// majority@max's answer | k, the leader's votes, the runner-up's votes) on the set itself, then stops at the
// first k where that probability reaches a threshold, the threshold chosen on the same set for the fewest
// samples within 0.5 points of majority@max. Fitted and scored on the same data, it is a bound: no rule
// reading vote counts alone, fitted anywhere else, does better on that set in expectation. Printed beside
// the oracle and the best of ESC and the Beta rule (from `ponder bench`, the same orders), as the multiples
// the stopping targets are stated in. A set where the bound misses a target cannot meet it by votes; only
// other evidence (verifier scores, token confidence) can, and the set must carry it. A second table says
// what a leader's share of the votes is worth on each set: how often majority@max's answer is right, by the
// share of the samples it holds. Where that share says nothing about being right, stopping early costs
// little accuracy whoever leads, which a bound fitted on the set itself exploits and a rule that has to work
// on sets where agreement does mean correctness cannot. A third checks the posterior rule's own quantity
// (leader-holds.ts) on each set: the probability it gives that the leader stays ahead to the cap, against how
// often the leader at that point is majority@max's answer.
//
//   npx tsx bench/stopping-bound.ts [--seed 1] [--repeats 20]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRecord } from '../src/cli/bench/aggregate';
import { loadDatasetFile } from '../src/cli/bench/datasets';
import { runBench } from '../src/cli/bench/index';
import { replayBudgets } from '../src/cli/bench/plan';
import { processIo } from '../src/cli/io';
import { replayOrder } from '../src/engine/model/replay';
import { leaderHoldsProbability } from '../src/engine/stopping/leader-holds';
import { VoteTally } from '../src/engine/stopping/tally';
import { option } from './support/options';
import { quietIo } from './support/quiet-io';
import { REPLAY_DIR, REPLAY_SETS } from './support/replay-sets';

const seed = option('seed', 1);
const repeats = option('repeats', 20);
const TOLERANCE = 0.005;
const SETS = REPLAY_SETS;
const dataDir = REPLAY_DIR;

/** One order of one problem: after each sample, the leader (ties: the first seen), its votes and the runner-up's, and whether the leader is right. */
interface Step {
  readonly leader: string | null;
  readonly state: string;
  readonly correct: boolean;
  /** Tokens of this sample (its length: the only other per-sample evidence some sets carry). */
  readonly tokens: number;
}

function stepsOf(keys: readonly (string | null)[], correct: readonly boolean[], tokens: readonly number[], budget: number): Step[] {
  const tally = new VoteTally();
  const steps: Step[] = [];
  for (let i = 0; i < Math.min(budget, keys.length); i++) {
    tally.add(keys[i] ?? null, null, 0);
    const [leader, runnerUp] = tally.topTwo();
    const key = leader?.key ?? null;
    const firstRight = key === null ? false : (correct[keys.findIndex((k) => k === key)] ?? false);
    steps.push({ leader: key, state: `${i + 1}:${leader?.votes ?? 0}:${runnerUp?.votes ?? 0}`, correct: firstRight, tokens: tokens[i] ?? 0 });
  }
  return steps;
}

interface Bound {
  readonly majority: number;
  readonly oracle: number;
  readonly samples: number;
  readonly accuracy: number;
  readonly threshold: number;
}

/**
 * `bound`, allowed one more signal: stop after the first sample when it is at most `cut` tokens long (short
 * answers being the confident ones, if any are), with cuts at the deciles of first-sample lengths.
 */
function boundWithLength(runs: readonly Step[][]): Bound {
  const lengths = runs.map((r) => r[0]?.tokens ?? 0).sort((a, b) => a - b);
  let best = bound(runs);
  for (let decile = 1; decile < 10; decile++) {
    const cut = lengths[Math.floor((decile * lengths.length) / 10)] ?? 0;
    const candidate = bound(runs, (run) => (run[0]?.tokens ?? Infinity) <= cut);
    if (candidate.accuracy >= candidate.majority - TOLERANCE - 1e-12 && candidate.samples < best.samples) best = candidate;
  }
  return best;
}

function bound(runs: readonly Step[][], stopAtFirst: (run: readonly Step[]) => boolean = () => false): Bound {
  const finals = runs.map((r) => r[r.length - 1] as Step);
  const majority = finals.reduce((s, f) => s + (f.correct ? 1 : 0), 0) / runs.length;
  const holds = new Map<string, [number, number]>();
  let oracleSamples = 0;
  runs.forEach((run, i) => {
    const final = (finals[i] as Step).leader;
    run.forEach((step) => {
      const cell = holds.get(step.state) ?? [0, 0];
      cell[0] += step.leader === final ? 1 : 0;
      cell[1] += 1;
      holds.set(step.state, cell);
    });
    oracleSamples += run.findIndex((step) => step.leader === final) + 1;
  });
  const p = (state: string): number => {
    const [hit, all] = holds.get(state) ?? [0, 1];
    return hit / all;
  };
  const thresholds = [...new Set([...holds.keys()].map(p))].sort((a, b) => a - b);
  let best: Bound | undefined;
  for (const threshold of thresholds) {
    let samples = 0;
    let right = 0;
    for (const run of runs) {
      const stop = stopAtFirst(run) ? 0 : run.findIndex((step) => p(step.state) >= threshold);
      const at = stop >= 0 ? stop : run.length - 1;
      samples += at + 1;
      right += run[at]?.correct ? 1 : 0;
    }
    const accuracy = right / runs.length;
    const mean = samples / runs.length;
    if (accuracy >= majority - TOLERANCE - 1e-12 && (!best || mean < best.samples)) best = { majority, oracle: oracleSamples / runs.length, samples: mean, accuracy, threshold };
  }
  return best ?? { majority, oracle: oracleSamples / runs.length, samples: runs[0]?.length ?? 0, accuracy: majority, threshold: 1 };
}

async function escBeta(file: string, budget: number): Promise<{ label: string; samples: number } | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'ponder-stopping-bound-'));
  try {
    const code = await runBench(['--dataset', join(dataDir, file), '--repeats', String(repeats), '--seed', String(seed), '--strategies', 'majority,esc:2,esc:4,esc:8,beta', '--budgets', String(budget), '--fresh', '--out', dir], quietIo());
    if (code !== 0) throw new Error(`ponder bench failed on ${file}`);
    const records = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchRecord[];
    const majority = records.find((r) => r.id === 'majority')?.accuracy ?? 0;
    const best = records.filter((r) => (r.strategy === 'esc' || r.strategy === 'beta') && r.accuracy >= majority - TOLERANCE - 1e-12).sort((a, b) => a.meanSamples - b.meanSamples)[0];
    return best ? { label: best.label, samples: best.meanSamples } : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const io = processIo();
  const calibration: string[] = [];
  const lines = [
    `Seed ${seed}, ${repeats} orders per problem, each set at its largest budget. The vote-count table fitted and scored on the set itself: a bound for any rule that reads vote counts alone.`,
    '',
    '| set | majority@max | oracle samples | best ESC/Beta within 0.5 pt | vote-count bound: samples (accuracy, P(final) threshold) | ÷ best ESC/Beta (target ≤ 0.8) | ÷ oracle (target ≤ 2) | with the first sample\'s length too: samples, ÷ ESC/Beta, ÷ oracle |',
    '|---|---:|---:|---|---:|---:|---:|---|',
  ];
  for (const file of SETS) {
    const dataset = loadDatasetFile(join(dataDir, file), file, undefined, undefined);
    const budget = Math.max(...replayBudgets(dataset.maxRecorded));
    const runs: Step[][] = [];
    for (const problem of dataset.problems) {
      for (let r = 0; r < repeats; r++) {
        const order = replayOrder(seed, problem.id, r, problem.samples.length).map((i) => problem.samples[i] as (typeof problem.samples)[number]);
        runs.push(stepsOf(order.map((s) => s.answer), order.map((s) => s.correct), order.map((s) => s.tokens), budget));
      }
    }
    calibration.push(`| ${file.replace(/\.jsonl$/, '')} | ${holdsCalibration(runs).join(' | ')} |`);
    const b = bound(runs);
    const l = boundWithLength(runs);
    const esc = await escBeta(file, budget);
    const name = file.replace(/\.jsonl$/, '');
    lines.push(
      `| ${name} | ${pct(b.majority)} | ${b.oracle.toFixed(2)} | ${esc ? `${esc.label}: ${esc.samples.toFixed(2)}` : 'none'} | ${b.samples.toFixed(2)} (${pct(b.accuracy)}, ${b.threshold.toFixed(2)}) | ${esc ? (b.samples / esc.samples).toFixed(2) : '—'} | ${(b.samples / b.oracle).toFixed(2)} | ${l.samples.toFixed(2)}, ${esc ? (l.samples / esc.samples).toFixed(2) : '—'}, ${(l.samples / l.oracle).toFixed(2)} |`,
    );
    io.stderr.write(`${name}: done\n`);
  }
  lines.push('', ...shareTable());
  const bands = HOLDS_BANDS.map((low, i) => `${low}–${HOLDS_BANDS[i + 1] ?? 1}`);
  lines.push(
    '',
    "The posterior rule's P(the leader stays ahead to the cap) against how often it is majority@max's answer (mean given → share final, steps), every step short of certain:",
    '',
    `| set | ${bands.join(' | ')} |`,
    `|---|${bands.map(() => '---').join('|')}|`,
    ...calibration,
  );
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

const HOLDS_BANDS = [0, 0.5, 0.7, 0.8, 0.9, 0.95] as const;

/** Per band of leaderHoldsProbability (ties to the leader, as the tally breaks them): the mean it gives, how often the leader is final, and how many steps. */
function holdsCalibration(runs: readonly Step[][]): string[] {
  const cells = HOLDS_BANDS.map(() => ({ given: 0, final: 0, steps: 0 }));
  for (const run of runs) {
    const final = run[run.length - 1]?.leader;
    run.forEach((step) => {
      const [k, leader, runnerUp] = step.state.split(':').map(Number) as [number, number, number];
      if (step.leader === null) return;
      const p = leaderHoldsProbability(leader, runnerUp, k - leader - runnerUp, run.length - k, true);
      if (p >= 1) return;
      const cell = cells[HOLDS_BANDS.reduce<number>((at, low, i) => (p >= low ? i : at), 0)] as (typeof cells)[number];
      cell.given += p;
      cell.final += step.leader === final ? 1 : 0;
      cell.steps += 1;
    });
  }
  return cells.map((c) => (c.steps ? `${(c.given / c.steps).toFixed(2)} → ${(c.final / c.steps).toFixed(2)} (${c.steps})` : '—'));
}

const SHARE_BANDS = [0, 0.25, 0.5, 0.75] as const;

/** Per set: problems whose majority@max answer holds each band of the recorded samples' votes, and how many of those answers are right. */
function shareTable(): string[] {
  const bands = SHARE_BANDS.map((low, i) => `${Math.round(low * 100)}–${Math.round((SHARE_BANDS[i + 1] ?? 1) * 100)} %`);
  const out = [
    "How often majority@max's answer is right, by its share of all the problem's recorded samples (right / problems):",
    '',
    `| set | ${bands.join(' | ')} |`,
    `|---|${bands.map(() => '---:').join('|')}|`,
  ];
  for (const file of SETS) {
    const dataset = loadDatasetFile(join(dataDir, file), file, undefined, undefined);
    const cells = SHARE_BANDS.map(() => [0, 0]);
    for (const problem of dataset.problems) {
      const tally = new VoteTally();
      for (const s of problem.samples) tally.add(s.answer ?? null, null, 0);
      const leader = tally.topTwo()[0];
      if (!leader || problem.samples.length === 0) continue;
      const share = leader.votes / problem.samples.length;
      const band = SHARE_BANDS.reduce<number>((at, low, i) => (share >= low ? i : at), 0);
      const cell = cells[band] as number[];
      cell[1] = (cell[1] ?? 0) + 1;
      cell[0] = (cell[0] ?? 0) + (problem.samples.find((s) => s.answer === leader.key)?.correct ? 1 : 0);
    }
    out.push(`| ${file.replace(/\.jsonl$/, '')} | ${cells.map(([right, all]) => (all ? `${right} / ${all}` : '—')).join(' | ')} |`);
  }
  return out;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
