// `ponder solve` and `ponder bench` with --backend openai against the stand-in's OpenAI dialect over
// HTTP, and the API key: planted in the environment, sent to the server, and found in no output.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { startStandin } from '../../../src/standin';
import { recordingIo } from '../../support/cli-io';

const KEY = 'sk-ponder-planted-4f1c9a7e2b';

describe('ponder solve --backend openai', () => {
  test('answers 387 against the openai stand-in, with the key sent and printed nowhere', async () => {
    const standin = await startStandin({ dialect: 'openai', parallel: 4, apiKey: KEY });
    try {
      const io = Object.assign(recordingIo(), { env: { PONDER_API_KEY: KEY } });
      const code = await main(['solve', '--backend', 'openai', '--base-url', `${standin.url}/v1`, '--model', 'qwen2.5:1.5b', 'What is (17*23)+5-9?'], io);
      assert.equal(code, 0, io.err());
      assert.match(io.out(), /^Answer: 387$/m);
      assert.match(io.out(), /^Model: openai qwen2\.5:1\.5b @ http:\/\/127\.0\.0\.1:\d+\/v1$/m);
      assert.ok(!io.out().includes(KEY) && !io.err().includes(KEY));
      const json = Object.assign(recordingIo(), { env: { OPENAI_API_KEY: KEY } });
      assert.equal(await main(['solve', '--json', '--backend', 'openai', '--base-url', standin.url, '--model', 'qwen2.5:1.5b', '--samples', '2', 'What is (17*23)+5-9?'], json), 0, json.err());
      assert.ok(!json.out().includes(KEY) && !json.err().includes(KEY), 'the JSON result (tree included) holds no key');
    } finally {
      await standin.close();
    }
  });

  test('--verifier prm scores chains with the simulated Qwen2.5-Math-PRM over /pooling and names it', async () => {
    const standin = await startStandin({ dialect: 'openai', parallel: 4 });
    try {
      const io = recordingIo();
      const code = await main(['solve', '--backend', 'openai', '--base-url', `${standin.url}/v1`, '--model', 'qwen2.5:1.5b', '--verifier', 'prm', '--verifier-model', 'Qwen/Qwen2.5-Math-PRM-7B', '--strategy', 'weighted', 'What is (17*23)+5-9?'], io);
      assert.equal(code, 0, io.err());
      assert.match(io.out(), /^Answer: 387$/m);
      assert.match(io.out(), /verifier: process reward model \(Qwen\/Qwen2\.5-Math-PRM-7B\)/);
      const json = recordingIo();
      assert.equal(await main(['solve', '--json', '--backend', 'openai', '--base-url', `${standin.url}/v1`, '--model', 'qwen2.5:1.5b', '--verifier', 'prm', '--strategy', 'weighted', '--samples', '4', 'What is (17*23)+5-9?'], json), 0, json.err());
      const result = JSON.parse(json.out()) as { verifier: { method: string }; usageByPurpose: { verifier: { calls: number; generatedTokens: number } } };
      assert.equal(result.verifier.method, 'prm');
      assert.equal(result.usageByPurpose.verifier.generatedTokens, 0);
      assert.ok(result.usageByPurpose.verifier.calls >= 1 && result.usageByPurpose.verifier.calls <= 4, 'one PRM call per chain');
    } finally {
      await standin.close();
    }
  });

  test('a missing or wrong key is one clear line without the key; bad flags are usage errors', async () => {
    const standin = await startStandin({ dialect: 'openai', apiKey: KEY });
    try {
      const io = Object.assign(recordingIo(), { env: { PONDER_API_KEY: 'sk-wrong-planted-123456' } });
      const code = await main(['solve', '--backend', 'openai', '--base-url', standin.url, '--model', 'qwen2.5:1.5b', '2+2'], io);
      assert.equal(code, 1);
      assert.match(io.err(), /refused Ponder's API key \(HTTP 401\)/);
      assert.ok(!io.err().includes('sk-wrong-planted') && !io.out().includes('sk-wrong-planted'));
      const noUrl = recordingIo();
      assert.equal(await main(['solve', '--backend', 'openai', '--model', 'm', '2+2'], noUrl), 2);
      assert.match(noUrl.err(), /needs --base-url/);
    } finally {
      await standin.close();
    }
  });
});

describe('ponder bench --backend openai', () => {
  test('--verify --verifier prm scores samples with the PRM for weighted votes', async () => {
    const standin = await startStandin({ dialect: 'openai', parallel: 4 });
    const dir = mkdtempSync(join(tmpdir(), 'ponder-openai-prm-bench-'));
    try {
      const io = recordingIo();
      const code = await main(['bench', '--backend', 'openai', '--base-url', `${standin.url}/v1`, '--model', 'qwen2.5:1.5b', '--dataset', 'sim', '--limit', '6', '--seed', '3', '--budgets', '1,4', '--strategies', 'majority,weighted', '--verify', '--verifier', 'prm', '--out', dir], io);
      assert.equal(code, 0, io.err());
      assert.match(readFileSync(join(dir, 'report.md'), 'utf8'), /samples scored by the process reward model \(Qwen\/Qwen2\.5-Math-PRM-7B\)/);
      // The judge scored the same samples: the comparison at equal tokens is printed and written.
      assert.match(io.out(), /sim: Judge against PRM \(Qwen\/Qwen2\.5-Math-PRM-7B\): weighted best-of-N on the same samples/);
      const table = readFileSync(join(dir, 'verifiers-sim.md'), 'utf8');
      assert.match(table, /^\| 4 \| \d+\.\d% \| \d+ \| \d+\.\d% \| \d+ \|$/m);
      assert.match(table, /At equal tokens/);
      const usage = recordingIo();
      assert.equal(await main(['bench', '--backend', 'openai', '--base-url', standin.url, '--model', 'm', '--verifier', 'prm'], usage), 2);
      assert.match(usage.err(), /add --verify/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await standin.close();
    }
  });

  test('two endpoints give the same accuracy and samples as one, and both serve requests', async () => {
    const a = await startStandin({ dialect: 'openai', parallel: 1 });
    const b = await startStandin({ dialect: 'openai', parallel: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'ponder-openai-bench-'));
    try {
      const run = async (urls: string, out: string): Promise<{ accuracy: number; meanSamples: number }[]> => {
        const io = Object.assign(recordingIo(), { env: { PONDER_API_KEY: KEY } });
        const code = await main(['bench', '--backend', 'openai', '--base-url', urls, '--model', 'qwen2.5:1.5b', '--dataset', 'sim', '--limit', '12', '--seed', '3', '--budgets', '1,4', '--strategies', 'majority', '--out', join(dir, out)], io);
        assert.equal(code, 0, io.err());
        for (const name of readdirSync(join(dir, out))) assert.ok(!readFileSync(join(dir, out, name), 'utf8').includes(KEY), `${name} holds no key`);
        assert.ok(!io.out().includes(KEY) && !io.err().includes(KEY));
        return JSON.parse(readFileSync(join(dir, out, 'results.json'), 'utf8')) as { accuracy: number; meanSamples: number }[];
      };
      const one = await run(`${a.url}/v1`, 'one');
      const servedByA = a.stats().generationsCompleted;
      const two = await run(`${a.url}/v1,${b.url}/v1`, 'two');
      assert.deepEqual(two.map((r) => [r.accuracy, r.meanSamples]), one.map((r) => [r.accuracy, r.meanSamples]));
      assert.ok(a.stats().generationsCompleted > servedByA, 'the first endpoint served part of the second run');
      assert.ok(b.stats().generationsCompleted > 0, 'the second endpoint served part of the second run');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await a.close();
      await b.close();
    }
  });
});
