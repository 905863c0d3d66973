// `ponder bench` with live backends: the simulated reasoner in process, and Ollama's HTTP API (served by
// the stand-in). Every strategy reads the same samples, so a sample is generated once per problem and
// repeat however many strategies use it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBench } from '../../../src/cli/bench/index';
import type { BenchRecord } from '../../../src/cli/bench/aggregate';
import { generateProblems } from '../../../src/engine/model/sim/problems';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { testIo } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'ponder-bench-live-'));

describe('ponder bench with live backends', () => {
  let standin: Standin;
  before(async () => {
    standin = await startStandin({ parallel: 2 });
  });
  after(async () => {
    await standin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the simulated reasoner: samples drawn, graded, timed, and reported per level', async () => {
    const out = join(dir, 'sim');
    const io = testIo();
    const code = await runBench(['--backend', 'sim', '--limit', '6', '--budgets', '1,4', '--strategies', 'majority,esc:2,beta,adaptive', '--out', out], io);
    assert.equal(code, 0, io.err());
    const records = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchRecord[];
    // Four strategies and the oracle every report adds, at two budgets.
    assert.equal(records.length, 10);
    for (const r of records) {
      assert.equal(r.backend, 'sim');
      assert.equal(r.problems, 6);
      assert.notEqual(r.meanWallMs, null);
      assert.ok(r.meanTokens > 0);
    }
    const majority = records.find((r) => r.id === 'majority' && r.budget === 4);
    assert.ok((majority?.accuracy ?? 0) > 0, 'the simulated reasoner solves some of its own problems');
    // Each drawn sample carries its token confidence (the model returns log-probabilities).
    const drawn = readFileSync(join(out, 'checkpoint.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"drawn"'))
      .flatMap((l) => ((JSON.parse(l) as { unit: { drawn: { confidence?: number | null }[][] } }).unit.drawn ?? []).flat());
    assert.ok(drawn.length >= 6 * 4, `${drawn.length} drawn samples in the checkpoint`);
    for (const d of drawn) assert.ok(typeof d.confidence === 'number' && d.confidence > 0 && d.confidence <= 1, JSON.stringify(d));
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(report, /simulated reasoner/);
    assert.match(report, /### By difficulty level/);
  });

  test('--verify scores live samples, so weighted best-of-N and the verifier-aware adaptive run', async () => {
    const out = join(dir, 'sim-verify');
    const io = testIo();
    const code = await runBench(['--backend', 'sim', '--limit', '5', '--budgets', '4', '--strategies', 'majority,weighted,adaptive', '--verify', '--out', out], io);
    assert.equal(code, 0, io.err());
    const records = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchRecord[];
    assert.deepEqual(
      records.map((r) => r.id),
      ['majority', 'weighted', 'adaptive', 'oracle'],
    );
    // Judging is charged too: the same samples cost more tokens than generation alone.
    const plain = join(dir, 'sim-plain');
    assert.equal(await runBench(['--backend', 'sim', '--limit', '5', '--budgets', '4', '--strategies', 'majority', '--out', plain], testIo()), 0);
    const plainMajority = (JSON.parse(readFileSync(join(plain, 'results.json'), 'utf8')) as BenchRecord[])[0];
    assert.ok((records[0]?.meanTokens ?? 0) > (plainMajority?.meanTokens ?? Infinity));
    assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /samples scored by the log-probability judge/);
  });

  test('Ollama (the stand-in): one request per sample, shared by every strategy', async () => {
    const problems = generateProblems({ count: 3, seed: 5 });
    const dataset = join(dir, 'sim-problems.jsonl');
    writeFileSync(dataset, `${problems.map((p) => JSON.stringify({ id: p.id, source: 'sim', problem: p.problem, gold: p.gold, samples: [], meta: { level: p.difficulty } })).join('\n')}\n`);
    const before = standin.stats().generationsCompleted;
    const out = join(dir, 'ollama');
    const io = testIo();
    const code = await runBench(
      ['--backend', 'ollama', '--host', standin.url, '--model', 'qwen2.5:1.5b', '--dataset', dataset, '--budgets', '1,2,4', '--strategies', 'majority,esc:2,adaptive', '--concurrency', '2', '--out', out],
      io,
    );
    assert.equal(code, 0, io.err());
    // majority@4 reads 4 samples of each of the 3 problems; the others read prefixes of the same 4.
    assert.equal(standin.stats().generationsCompleted - before, 12);
    const records = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchRecord[];
    assert.equal(records.length, 12);
    assert.ok(records.every((r) => r.backend === 'ollama' && r.meanTokens > 0));
    // A rerun with the same arguments finds every problem finished in the checkpoint: no new requests.
    const again = testIo();
    assert.equal(await runBench(['--backend', 'ollama', '--host', standin.url, '--model', 'qwen2.5:1.5b', '--dataset', dataset, '--budgets', '1,2,4', '--strategies', 'majority,esc:2,adaptive', '--concurrency', '2', '--out', out], again), 0);
    assert.equal(standin.stats().generationsCompleted - before, 12);
  });
});
