// `ponder bench` end to end on recorded samples: the files it writes and what they hold, determinism,
// broken lines, resuming after Ctrl-C, policy fitting and the errors a user can meet.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runBench } from '../../../src/cli/bench/index';
import type { BenchRecord } from '../../../src/cli/bench/aggregate';
import { main } from '../../../src/cli/main';
import { DEFAULT_POLICY, parsePolicyText } from '../../../src/engine/stopping/policy';
import { testIo, writeRecordedFile } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'ponder-bench-'));
const file = writeRecordedFile(dir, 'fixture', 24, 16, ['{"id": "broken", "problem": "x", "gold": "1", "samples": [{"answer": "1"}]}', 'not json at all']);
const common = ['--dataset', file, '--repeats', '4', '--seed', '3'];

async function bench(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIo();
  const code = await runBench(args, io);
  return { code, out: io.out(), err: io.err() };
}

const readRecords = (out: string): BenchRecord[] => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchRecord[];

describe('ponder bench on recorded samples', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('writes results.json, report.md and SVG plots with the expected content', async () => {
    const out = join(dir, 'run-a');
    const result = await bench([...common, '--out', out]);
    assert.equal(result.code, 0, result.err);
    const records = readRecords(out);
    const strategies = [...new Set(records.map((r) => r.id))];
    assert.deepEqual(strategies, ['majority', 'weighted', 'esc:2', 'esc:4', 'esc:8', 'beta:0.95', 'adaptive', 'adaptive(vote=majority)', 'oracle']);
    assert.deepEqual([...new Set(records.map((r) => r.budget))], [1, 2, 4, 8, 16]);
    assert.equal(records.length, strategies.length * 5);
    for (const r of records) {
      assert.equal(r.dataset, 'fixture');
      assert.equal(r.repeats, 4);
      assert.equal(r.problems, 24);
      assert.ok(r.accuracy >= 0 && r.accuracy <= 1);
      assert.ok(r.ci95[0] <= r.accuracy + 1e-9 && r.accuracy <= r.ci95[1] + 1e-9, `${r.id}@${r.budget}: ${r.accuracy} outside ${r.ci95.join('–')}`);
      assert.ok(r.meanSamples >= 1 && r.meanSamples <= r.budget, `${r.id}@${r.budget} drew ${r.meanSamples}`);
      assert.ok(r.meanTokens >= 50 * r.meanSamples && r.meanTokens <= 100 * r.meanSamples);
      assert.equal(typeof r.params, 'object');
    }
    const majority16 = records.find((r) => r.id === 'majority' && r.budget === 16);
    assert.equal(majority16?.meanSamples, 16);
    // The oracle: majority's accuracy at every budget, never more samples than majority, and the unit of "× oracle".
    for (const budget of [1, 2, 4, 8, 16]) {
      const oracle = records.find((r) => r.id === 'oracle' && r.budget === budget);
      const majority = records.find((r) => r.id === 'majority' && r.budget === budget);
      assert.ok(oracle && majority);
      assert.equal(oracle.accuracy, majority.accuracy, `oracle@${budget}`);
      assert.ok(oracle.meanSamples <= majority.meanSamples);
      assert.equal(oracle.timesOracle, 1);
      for (const r of records.filter((x) => x.budget === budget)) {
        assert.ok(Math.abs((r.timesOracle ?? NaN) - r.meanSamples / oracle.meanSamples) < 2e-3, `${r.id}@${budget}: ${r.timesOracle}`);
      }
    }
    assert.ok((records.find((r) => r.id === 'oracle' && r.budget === 16)?.meanSamples ?? 16) < 16, 'the oracle stops early on some problem');
    assert.deepEqual(records.find((r) => r.id === 'esc:4')?.params, { window: 4 });
    const adaptive = records.find((r) => r.id === 'adaptive' && r.budget === 16);
    assert.equal(adaptive?.bins?.length, 5);
    assert.ok(Math.abs((adaptive?.bins ?? []).reduce((s, b) => s + b.share, 0) - 1) < 1e-3);
    assert.ok(records.some((r) => r.levels && r.levels.length > 0));

    const report = readFileSync(join(out, 'report.md'), 'utf8');
    for (const heading of ['# Ponder bench', '## fixture', '### Ponder adaptive against the baselines', '### Accuracy against compute', '### By difficulty level (budget 16)', '### Ponder adaptive by estimated difficulty (budget 16)']) {
      assert.ok(report.includes(heading), `report lacks "${heading}"`);
    }
    assert.match(report, /\| ESC \(w=2\) \| 16 \| \d+\.\d% \(\d+\.\d%–\d+\.\d%\) \| \d+\.\d\d \| \d+\.\d\d× \|/);
    assert.match(report, /\| oracle \(perfect stopping\) \| 16 \| .* \| 1\.00× \| .* hindsight: majority's answer is known \|/);
    assert.match(report, /\| oracle@16 \(the limit\) \| 16 \|/);
    assert.match(report, /Ponder adaptive draws \d+\.\d\d× the oracle's\./);
    assert.match(report, /At the same maximum of 16 samples, Ponder adaptive scores/);
    assert.match(report, /Skipped 2 broken lines \(line 25: samples\[0\]: "correct" must be true or false; line 26: not valid JSON/);
    for (const svg of ['fixture-accuracy-vs-samples.svg', 'fixture-accuracy-vs-tokens.svg']) {
      const text = readFileSync(join(out, svg), 'utf8');
      assert.match(text, /^<svg /);
      assert.ok(text.includes('Ponder adaptive') && text.includes('ESC (w=8)') && text.includes('Beta rule (0.95)') && text.includes('oracle (perfect stopping)'), `${svg} lacks its legend`);
      assert.ok(report.includes(`](${svg})`));
    }
    assert.match(result.err, /fixture\.jsonl:25: samples\[0\]: "correct" must be true or false \(line skipped\)/);
    assert.match(result.err, /fixture\.jsonl:26: not valid JSON/);
    assert.match(result.out, /wrote results\.json, report\.md and 2 plots/);
  });

  test('the same seed gives identical numbers, report and plots; another seed gives other numbers', async () => {
    const a = join(dir, 'run-a');
    const b = join(dir, 'run-b');
    const c = join(dir, 'run-c');
    assert.equal((await bench([...common, '--out', b])).code, 0);
    assert.equal(readFileSync(join(a, 'results.json'), 'utf8'), readFileSync(join(b, 'results.json'), 'utf8'));
    assert.equal(readFileSync(join(a, 'report.md'), 'utf8'), readFileSync(join(b, 'report.md'), 'utf8'));
    assert.equal(readFileSync(join(a, 'fixture-accuracy-vs-samples.svg'), 'utf8'), readFileSync(join(b, 'fixture-accuracy-vs-samples.svg'), 'utf8'));
    assert.equal((await bench(['--dataset', file, '--repeats', '4', '--seed', '4', '--out', c])).code, 0);
    assert.notEqual(readFileSync(join(a, 'results.json'), 'utf8'), readFileSync(join(c, 'results.json'), 'utf8'));
  });

  test('a rerun with the same arguments resumes from the checkpoint; other arguments start afresh', async () => {
    const out = join(dir, 'run-a');
    const again = await bench([...common, '--out', out]);
    assert.equal(again.code, 0);
    assert.match(again.err, /resuming: 24 problems already finished/);
    const other = await bench([...common, '--budgets', '1,4', '--out', out]);
    assert.equal(other.code, 0);
    assert.match(other.err, /the checkpoint .* was not used: it was written with different arguments/);
    assert.deepEqual([...new Set(readRecords(out).map((r) => r.budget))], [1, 4]);
  });

  test('Ctrl-C keeps finished problems; the same command then finishes with the numbers of an uninterrupted run', async () => {
    const big = writeRecordedFile(dir, 'big', 900, 64);
    const args = ['--dataset', big, '--repeats', '4', '--budgets', '8,64'];
    const out = join(dir, 'run-interrupted');
    const io = testIo();
    const running = runBench([...args, '--out', out], io);
    // Interrupt once the first finished problems have reached the checkpoint.
    const checkpoint = join(out, 'checkpoint.jsonl');
    const finished = (): number => (existsSync(checkpoint) ? readFileSync(checkpoint, 'utf8').split('\n').filter((l) => l.includes('"unit"')).length : 0);
    while (finished() === 0) await new Promise((resolve) => setImmediate(resolve));
    io.interrupt();
    assert.equal(await running, 130);
    const kept = finished();
    assert.ok(kept > 0 && kept < 900, `${kept} problems kept`);
    assert.match(io.err(), /interrupted: finished problems are kept in .*checkpoint\.jsonl; run the same command again to resume/);
    assert.equal(existsSync(join(out, 'results.json')), false);
    const resumed = await bench([...args, '--out', out]);
    assert.equal(resumed.code, 0, resumed.err);
    assert.match(resumed.err, new RegExp(`resuming: ${kept} problems already finished`));
    const fresh = join(dir, 'run-uninterrupted');
    assert.equal((await bench([...args, '--out', fresh])).code, 0);
    assert.equal(readFileSync(join(out, 'results.json'), 'utf8'), readFileSync(join(fresh, 'results.json'), 'utf8'));
  });

  test('--fit-policy writes a policy that parses, and reports it against the base on held-out halves', async () => {
    const out = join(dir, 'run-fit');
    const result = await bench(['--dataset', file, '--repeats', '2', '--budgets', '4,16', '--strategies', 'majority,adaptive', '--fit-policy', '--out', out]);
    assert.equal(result.code, 0, result.err);
    const policy = parsePolicyText(readFileSync(join(out, 'policy-fixture.json'), 'utf8'), 'policy-fixture.json');
    assert.match(policy.description ?? '', /fitted by ponder bench --fit-policy on fixture, all 24 problems at budget 16/);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(report, /### Policy fit \(budget 16\)/);
    assert.match(report, /\| fit on half A, report on half B \| fitted \|/);
    assert.match(report, /Held-out mean over the folds: base .* fitted /);
    // Whether the run's consistency prior pays is decided on the problems fitted, and said.
    assert.match(String(policy.meta?.consistencyPrior), /^the consistency prior (stays|is off): /);
    assert.equal(policy.consistencyPrior, /^the consistency prior stays/.test(String(policy.meta?.consistencyPrior)));
    assert.match(report, /\nThe consistency prior (stays|is off): .*\(with it \d+\.\d% at [\d.]+, without \d+\.\d% at [\d.]+ per problem\)\.\n/);
    // The fitted policy runs: feed it back with --policy.
    const reuse = await bench(['--dataset', file, '--repeats', '2', '--budgets', '16', '--strategies', 'adaptive', '--policy', join(out, 'policy-fixture.json'), '--out', join(dir, 'run-reuse')]);
    assert.equal(reuse.code, 0, reuse.err);
    assert.match(readFileSync(join(dir, 'run-reuse', 'report.md'), 'utf8'), /Ponder adaptive uses the policy in/);
  });

  test('--fit-folds 3 scores every problem once, by the policy fitted on the other two folds', async () => {
    const out = join(dir, 'run-fit-folds');
    const result = await bench(['--dataset', file, '--repeats', '2', '--budgets', '16', '--strategies', 'adaptive', '--fit-policy', '--fit-folds', '3', '--out', out]);
    assert.equal(result.code, 0, result.err);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(report, /3-fold cross-validation on a seeded split of the problems; each fold is scored by the policy fitted on the other 2\./);
    const folds = [...report.matchAll(/^\| fit on the other 2 folds, report on fold (\d) of 3 \| fitted \|/gm)].map((m) => Number(m[1]));
    assert.deepEqual(folds, [1, 2, 3]);
    assert.doesNotMatch(report, /half A/);
  });

  test('--fit-cuts calibrates the bins: fed back, the fitted policy puts a fifth of the runs in each bin', async () => {
    const out = join(dir, 'run-fit-cuts');
    const common = ['--backend', 'sim', '--dataset', 'sim', '--limit', '100', '--verify', '--repeats', '1', '--budgets', '16'];
    const result = await bench([...common, '--strategies', 'adaptive', '--fit-policy', '--fit-cuts', '--out', out]);
    assert.equal(result.code, 0, result.err);
    const policy = parsePolicyText(readFileSync(join(out, 'policy-sim.json'), 'utf8'), 'policy-sim.json');
    assert.notDeepEqual(policy.difficulty.cuts, DEFAULT_POLICY.difficulty.cuts);
    assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /Difficulty cuts: .* \(quintiles of the probe's estimates on these problems, --fit-cuts\)/);
    const reuse = join(dir, 'run-fit-cuts-reuse');
    assert.equal((await bench([...common, '--strategies', 'adaptive', '--policy', join(out, 'policy-sim.json'), '--out', reuse])).code, 0);
    const shares = [...readFileSync(join(reuse, 'report.md'), 'utf8').matchAll(/^\| ([1-5]) \| ([\d.]+)% \|/gm)].map((m) => Number(m[2]));
    assert.equal(shares.length, 5, 'the report lists the five bins');
    for (const share of shares) assert.ok(share >= 15 && share <= 25, `each bin holds about a fifth of the runs: ${shares.join(', ')}`);
  });

  test('mistakes are reported clearly, with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--dataset', file, '--strategies', 'majority,beam'], /replay cannot run beam: it serves whole recorded samples/],
      [['--dataset', file, '--strategies', 'esc:0'], /the ESC window must be a positive whole number/],
      [['--dataset', file, '--strategies', 'vote'], /unknown strategy "vote"/],
      [['--dataset', join(dir, 'nope.jsonl')], /no dataset/],
      [['--dataset', file, '--budgets', '1,x'], /--budgets must be a number, not "x"/],
      [['--dataset', file, '--backend', 'gpt'], /--backend must be replay, sim, ollama or openai, not "gpt"/],
      [['--dataset', file, '--fit-cuts'], /--fit-cuts sets the cuts of a fitted policy: add --fit-policy/],
      [['--dataset', file, '--fit-folds', '3'], /--fit-folds sets the cross-validation of a fitted policy: add --fit-policy/],
      [['--dataset', file, '--fit-policy', '--fit-folds', '1'], /--fit-folds must be/],
      [['--dataset', file, '--fit-policy', '--fit-folds', '3', '--limit', '2'], /--fit-folds 3 needs at least 3 problems in fixture to hold one out in each fold; it has 2 \(raise --limit or lower --fit-folds\)/],
      [['--backend', 'ollama', '--dataset', 'gsm8k'], /--backend ollama needs --model/],
    ];
    const badPolicy = join(dir, 'bad-policy.json');
    writeFileSync(badPolicy, JSON.stringify({ version: 1, probe: { samples: 4 }, difficulty: { scoreWeight: 0.5, cuts: [0.2, 0.4, 0.6, 0.8] }, bins: { 1: { strategy: 'posterior', budgetShare: 1, stopThreshold: 'high' } } }));
    cases.push([['--dataset', file, '--policy', badPolicy], /bad-policy\.json: bins\.1\.stopThreshold must be a number in \[0, 1\], got "high"/]);
    const stepPolicy = join(dir, 'step-policy.json');
    const bin = { strategy: 'beam', params: { width: 4 }, budgetShare: 1, stopThreshold: 0.9 };
    writeFileSync(stepPolicy, JSON.stringify({ version: 1, probe: { samples: 4 }, difficulty: { scoreWeight: 0.5, cuts: [0.2, 0.4, 0.6, 0.8] }, bins: { 1: bin, 2: bin, 3: bin, 4: bin, 5: bin } }));
    cases.push([['--dataset', file, '--policy', stepPolicy], /replay cannot run beam: it serves whole recorded samples/]);
    for (const [args, pattern] of cases) {
      const io = testIo();
      const code = await main(['bench', ...args, '--out', join(dir, 'run-errors')], io);
      assert.equal(code, 2, `${args.join(' ')}: ${io.err()}`);
      assert.match(io.err(), pattern, args.join(' '));
    }
  });

  test('on a terminal, a progress bar with an ETA goes to stderr; on a pipe there is none', async () => {
    const io = testIo({ tty: true });
    assert.equal(await runBench([...common, '--fresh', '--out', join(dir, 'run-tty')], io), 0);
    assert.match(io.err(), /bench .*\d+% \| \d+\/24 problems \| ETA/);
    assert.doesNotMatch(io.out(), /ETA/);
    const piped = await bench([...common, '--fresh', '--out', join(dir, 'run-pipe')]);
    assert.doesNotMatch(piped.err, /ETA/);
  });

  test('--help describes the options', async () => {
    const result = await bench(['--help']);
    assert.equal(result.code, 0);
    for (const option of ['--dataset', '--backend', '--strategies', '--budgets', '--repeats', '--limit', '--concurrency', '--out', '--seed', '--fit-policy', '--policy', '--host', '--model']) {
      assert.ok(result.out.includes(option), option);
    }
  });

  test('the out folder holds only what the run wrote', () => {
    assert.deepEqual(readdirSync(join(dir, 'run-a')).sort(), ['checkpoint.jsonl', 'fixture-accuracy-vs-samples.svg', 'fixture-accuracy-vs-tokens.svg', 'report.md', 'results.json', 'run.json', 'summary.json']);
  });
});
