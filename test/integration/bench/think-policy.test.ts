// `ponder bench` with a policy that says how the model thinks, without --fit-policy: adaptive's probe and
// bins draw at their own think settings — the --think-budgets copy at the setting's budget, or, on a live
// backend without --think-budgets, samples drawn at the setting — and a setting that cannot be drawn is
// refused before anything runs.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { BenchRecord } from '../../../src/cli/bench/aggregate';
import { main } from '../../../src/cli/main';
import type { Policy, PolicyThink } from '../../../src/engine/stopping/policy';
import { DEFAULT_POLICY, serializePolicy } from '../../../src/engine/stopping/policy';
import { startStandin } from '../../../src/standin';
import { testIo } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'ponder-bench-think-policy-'));

/** The built-in policy with the probe and every bin set to think as given. */
function policyFile(name: string, probe: PolicyThink | undefined, bins: PolicyThink | undefined): string {
  const policy: Policy = {
    ...DEFAULT_POLICY,
    probe: { ...DEFAULT_POLICY.probe, ...(probe ? { think: probe } : {}) },
    bins: DEFAULT_POLICY.bins.map((bin) => ({ ...bin, ...(bins ? { think: bins } : {}) })) as unknown as Policy['bins'],
  };
  const path = join(dir, `${name}.json`);
  writeFileSync(path, serializePolicy(policy));
  return path;
}

async function bench(args: readonly string[], out: string): Promise<{ records: BenchRecord[]; err: string }> {
  const io = testIo();
  const code = await main(['bench', ...args, '--out', out], io);
  assert.equal(code, 0, io.err());
  return { records: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchRecord[], err: io.err() };
}

function adaptiveRows(records: readonly BenchRecord[], budget: number): BenchRecord[] {
  return records.filter((r) => r.strategy === 'adaptive' && r.budget === budget);
}

after(() => rmSync(dir, { recursive: true, force: true }));

describe('ponder bench: a policy with thinking bins, without --fit-policy', () => {
  const common = ['--backend', 'sim', '--dataset', 'sim', '--limit', '12', '--budgets', '8', '--strategies', 'majority,adaptive'];

  test('with --think-budgets, every copy\'s adaptive row draws the probe and bins at their own budgets', async () => {
    const thinking = policyFile('think256', { mode: 'off' }, { mode: 'on', budget: 256 });
    const { records } = await bench([...common, '--think-budgets', '0,64,256', '--policy', thinking], join(dir, 'copies'));
    const rows = adaptiveRows(records, 8);
    assert.deepEqual(rows.map((r) => r.dataset), ['sim.nothink', 'sim.think64', 'sim.think256']);
    // The policy fixes every sample's thinking, so the copy it runs in does not matter: the same samples.
    for (const row of rows) {
      assert.deepEqual([row.accuracy, row.meanSamples, row.meanTokens], [rows[0]?.accuracy, rows[0]?.meanSamples, rows[0]?.meanTokens], row.dataset);
    }
    // Its bins think at 256: it costs more per sample than the copy that does not think at all.
    const nothink = records.find((r) => r.dataset === 'sim.nothink' && r.strategy === 'majority' && r.budget === 8);
    const perSample = (r: BenchRecord | undefined) => (r ? r.meanTokens / r.meanSamples : 0);
    assert.ok(perSample(rows[0]) > perSample(nothink) * 1.5, `${perSample(rows[0])} tokens a sample against ${perSample(nothink)} without thinking`);

    // The plain built-in policy (no think settings) still reads each copy's own samples.
    const plain = adaptiveRows((await bench([...common, '--think-budgets', '0,256'], join(dir, 'plain'))).records, 8);
    assert.ok((plain[1]?.meanTokens ?? 0) > (plain[0]?.meanTokens ?? 0), JSON.stringify(plain.map((r) => r.meanTokens)));
  });

  test('on a live backend without --think-budgets, the bins think as the policy says', async () => {
    const off = adaptiveRows((await bench([...common, '--policy', policyFile('off', { mode: 'off' }, { mode: 'off' })], join(dir, 'off'))).records, 8)[0];
    const on = adaptiveRows((await bench([...common, '--policy', policyFile('on', { mode: 'off' }, { mode: 'on', budget: 256 })], join(dir, 'on'))).records, 8)[0];
    assert.ok(off && on);
    assert.ok(on.meanTokens / on.meanSamples > (off.meanTokens / off.meanSamples) * 1.5, `thinking bins: ${on.meanTokens}/${on.meanSamples}; not thinking: ${off.meanTokens}/${off.meanSamples}`);
  });

  test('over Ollama\'s API (the stand-in\'s qwen3:1.7b), thinking bins send their budget: every sample is forced closed', async () => {
    const args = ['--backend', 'ollama', '--model', 'qwen3:1.7b', '--dataset', 'sim', '--limit', '3', '--budgets', '4', '--strategies', 'adaptive'];
    // A budget of 4 cuts every trace, and a cut trace costs two requests: the chat call that ran to the
    // budget, then the raw call that answered; a sample without thinking costs one. The oracle row reads
    // the run's own samples (the model's own setting) in both runs alike, so what is left after taking
    // adaptive's samples off is the same.
    const left: number[] = [];
    for (const [name, think, requestsPerSample] of [['ollama-cut', { mode: 'on', budget: 4 }, 2], ['ollama-off', { mode: 'off' }, 1]] as const) {
      const standin = await startStandin({ parallel: 2 });
      try {
        const row = adaptiveRows((await bench([...args, '--host', standin.url, '--policy', policyFile(name, think, think)], join(dir, name))).records, 4)[0];
        assert.ok(row);
        left.push(standin.stats().generationsCompleted - Math.round(row.meanSamples * 3) * requestsPerSample);
      } finally {
        await standin.close();
      }
    }
    assert.equal(left[0], left[1], `requests besides adaptive's: ${left.join(' and ')}`);
    assert.ok((left[0] ?? -1) >= 0);
  });

  test('a think setting the run cannot draw is refused before anything is drawn, naming what to change', async () => {
    const cases: [string[], RegExp][] = [
      [['--think-budgets', '0,64', '--policy', policyFile('think512', { mode: 'off' }, { mode: 'on', budget: 512 })], /bin 1 asks for thinking \(budget 512 tokens per sample\), but no samples are drawn at thinking budget 512: add 512 to --think-budgets 0,64/],
      [['--think-budgets', '64,256', '--policy', policyFile('probe-off', { mode: 'off' }, undefined)], /probe asks for no thinking, but no samples are drawn at thinking budget 0: add 0 to --think-budgets 64,256/],
      [['--think-budgets', '0,64', '--policy', policyFile('unbudgeted', undefined, { mode: 'on' })], /asks for thinking without a budget, but --think-budgets 0,64 samples only at budgets: give it a "budget" \(one of 64\)/],
      [['--think-budgets', '0,64', '--policy', policyFile('level', undefined, { mode: 'high', budget: 64 })], /not at a level: use mode "on" with a budget, or run without --think-budgets/],
    ];
    for (const [args, pattern] of cases) {
      const io = testIo();
      const out = join(dir, 'refused');
      const code = await main(['bench', '--backend', 'sim', '--limit', '2', '--strategies', 'adaptive', ...args, '--out', out], io);
      assert.equal(code, 2, `${args.join(' ')}: ${io.err()}`);
      assert.match(io.err(), pattern, args.join(' '));
      assert.equal(existsSync(join(out, 'checkpoint.jsonl')), false);
    }
  });

  test('replay refuses a policy that asks for thinking: recorded samples have the thinking they were recorded with', async () => {
    const io = testIo();
    const code = await main(['bench', '--backend', 'replay', '--dataset', 'gsm8k', '--limit', '2', '--policy', policyFile('replay', undefined, { mode: 'on', budget: 64 }), '--out', join(dir, 'replay')], io);
    assert.equal(code, 2, io.err());
    assert.match(io.err(), /bin 1 asks for thinking \(budget 64 tokens per sample\), but recorded samples have the thinking they were recorded with: run it on a live backend/);
  });
});

describe('ponder bench: resuming a run whose policy thinks', () => {
  test('samples one copy\'s adaptive run drew at another copy\'s budget are kept, and not drawn again on resume', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ponder-bench-think-resume-'));
    try {
      const policy = policyFile('resume', { mode: 'off' }, { mode: 'on', budget: 4 });
      const args = ['--backend', 'ollama', '--model', 'qwen3:1.7b', '--dataset', 'sim', '--limit', '3', '--budgets', '4', '--strategies', 'adaptive', '--think-budgets', '0,4', '--policy', policy];
      // The same address each time: the checkpoint is only used by a run against the same server.
      let port = 0;
      const runAt = async (out: string): Promise<number> => {
        const standin = await startStandin({ parallel: 2, port });
        port = Number(new URL(standin.url).port);
        try {
          await bench([...args, '--host', standin.url], out);
          return standin.stats().generationsCompleted;
        } finally {
          await standin.close();
        }
      };
      const first = join(work, 'first');
      await runAt(first);
      const lines = readFileSync(join(first, 'checkpoint.jsonl'), 'utf8').trim().split('\n');
      const header = lines[0] as string;
      const units = lines.slice(1).map((line) => JSON.parse(line) as { dataset: string; unit: { thinkDrawn?: { dataset: string }[] } });
      const nothink = units.filter((u) => u.dataset === 'sim.nothink');
      assert.ok(nothink.length === 3 && nothink.every((u) => u.unit.thinkDrawn?.some((t) => t.dataset === 'sim.think4')), 'the no-thinking copy keeps what its bins drew at budget 4');

      // The run stopped before the budget-4 copy: resumed with what the first copy kept, and without it.
      const resume = async (name: string, keep: boolean): Promise<number> => {
        const out = join(work, name);
        mkdirSync(out, { recursive: true });
        const kept = nothink.map((u) => JSON.stringify(keep ? u : { ...u, unit: { ...u.unit, thinkDrawn: undefined } }));
        writeFileSync(join(out, 'checkpoint.jsonl'), `${[header, ...kept].join('\n')}\n`);
        return runAt(out);
      };
      const withKept = await resume('kept', true);
      const without = await resume('lost', false);
      assert.ok(withKept < without, `requests on resume: ${withKept} with the kept samples, ${without} without`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
