// `ponder bench --think-budgets`: every setting sampled at each thinking budget on the simulated reasoner,
// one curve per budget in the report, the thinking axis fitted and compared with the fixed settings, and
// the flag's mistakes reported clearly.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { BenchRecord } from '../../../src/cli/bench/aggregate';
import { runBench } from '../../../src/cli/bench/index';
import { main } from '../../../src/cli/main';
import { parsePolicyText } from '../../../src/engine/stopping/policy';
import { assertLivePolicy } from '../../../src/engine/adaptive/live-policy';
import { startStandin } from '../../../src/standin';
import { testIo } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'ponder-bench-think-'));

describe('ponder bench --think-budgets', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('samples every budget, plots one curve per thinking budget, and fits the thinking axis', async () => {
    const out = join(dir, 'sim');
    const io = testIo();
    const code = await runBench(['--backend', 'sim', '--limit', '24', '--budgets', '1,4', '--strategies', 'majority', '--think-budgets', '256,0,64', '--fit-policy', '--out', out], io);
    assert.equal(code, 0, io.err());
    const records = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchRecord[];
    assert.deepEqual([...new Set(records.map((r) => r.dataset))], ['sim.nothink', 'sim.think64', 'sim.think256']);
    const tokens = (dataset: string) => records.find((r) => r.dataset === dataset && r.strategy === 'majority' && r.budget === 4)?.meanTokens ?? 0;
    // A thinking sample costs its trace on top of the answer: tokens grow with the budget.
    assert.ok(tokens('sim.nothink') < tokens('sim.think64') && tokens('sim.think64') < tokens('sim.think256'), `${tokens('sim.nothink')} < ${tokens('sim.think64')} < ${tokens('sim.think256')}`);
    const plot = readFileSync(join(out, 'sim-accuracy-vs-tokens-by-thinking-budget.svg'), 'utf8');
    for (const label of ['no thinking', 'thinking budget 64', 'thinking budget 256']) assert.ok(plot.includes(label), `the plot has a curve for ${label}`);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(report, /## sim: thinking budgets/);
    assert.match(report, /### Thinking axis: adaptive against fixed settings/);
    assert.match(report, /\| no thinking × majority@1 \|/);
    assert.match(report, /Per bin, fitted on all problems, the probe without thinking\. The fit reads each problem's samples in 8 orders/);
    assert.match(report, /\nThe consistency prior (stays|is off): .*\(with it \d+\.\d% at [\d.]+, without \d+\.\d% at [\d.]+ per problem\)\.\n/);
    // stdout: adaptive against the best fixed setting, and the ratio of their tokens.
    assert.match(io.out(), /sim: thinking axis, 24 problems × 1 repeat in 8 orders of its samples/);
    assert.match(io.out(), /adaptive \/ best fixed tokens: \d+(\.\d)?%/);
    const policy = parsePolicyText(readFileSync(join(out, 'policy-sim.json'), 'utf8'));
    assertLivePolicy(policy);
    assert.deepEqual(policy.probe.think, { mode: 'off' });
    for (const bin of policy.bins) assert.ok(bin.think, 'every fitted bin says how the model thinks');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { fits: { thinking?: { fixed: unknown[] } }[] };
    assert.equal(summary.fits[0]?.thinking?.fixed.length, 6);
  });

  test('on Ollama’s API (the stand-in): a thinking model runs at each budget; a model that cannot think is refused before any sample', async () => {
    const standin = await startStandin({ parallel: 2 });
    try {
      const host = standin.url;
      const out = join(dir, 'ollama');
      const ok = testIo();
      const code = await main(['bench', '--backend', 'ollama', '--host', host, '--model', 'qwen3:1.7b', '--dataset', 'sim', '--limit', '3', '--budgets', '1,2', '--strategies', 'majority', '--think-budgets', '0,64', '--out', out], ok);
      assert.equal(code, 0, ok.err());
      const records = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchRecord[];
      assert.deepEqual([...new Set(records.map((r) => r.dataset))], ['sim.nothink', 'sim.think64']);
      const refused = testIo();
      const refusedCode = await main(['bench', '--backend', 'ollama', '--host', host, '--model', 'qwen2.5:1.5b', '--dataset', 'sim', '--limit', '3', '--think-budgets', '0,64', '--out', join(dir, 'refused')], refused);
      assert.equal(refusedCode, 2, refused.err());
      assert.match(refused.err(), /cannot think, so --think-budgets above 0 cannot run on it: use a thinking model/);
      assert.equal(existsSync(join(dir, 'refused', 'checkpoint.jsonl')), false);
    } finally {
      await standin.close();
    }
  });

  test('mistakes in the flag are reported clearly, with exit code 2, before anything is drawn', async () => {
    const cases: [string[], RegExp][] = [
      [['--think-budgets', '0,256,x'], /--think-budgets: "x" is not a whole number of thinking tokens/],
      [['--think-budgets=-5'], /--think-budgets: "-5" is not a whole number/],
      [['--think-budgets', ''], /--think-budgets is empty/],
      [['--think-budgets', '256,256'], /--think-budgets names a budget twice/],
      [['--think-budgets', '5000000'], /at most 1000000/],
      [['--backend', 'replay', '--think-budgets', '0,256'], /use --backend sim, ollama or openai/],
    ];
    for (const [args, pattern] of cases) {
      const io = testIo();
      const out = join(dir, 'errors');
      const code = await main(['bench', '--backend', 'sim', '--limit', '2', ...args, '--out', out], io);
      assert.equal(code, 2, `${args.join(' ')}: ${io.err()}`);
      assert.match(io.err(), pattern, args.join(' '));
      assert.equal(existsSync(join(out, 'checkpoint.jsonl')), false);
    }
  });
});
