// `ponder standin --dialect openai`: the printed URL serves vLLM's API, and --api-key-env makes it demand
// the key held in that environment variable (the key itself is never printed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStandinArgs, runStandinCli } from '../../../src/standin/cli';

test('ponder standin --dialect openai serves /v1/models and wants the key named by --api-key-env', async () => {
  process.env.PONDER_TEST_STANDIN_KEY = 'sk-standin-cli-5e6f7a8b';
  try {
    assert.deepEqual(parseStandinArgs(['--dialect', 'vllm']), { kind: 'error', message: '--dialect must be ollama or openai' });
    assert.equal(parseStandinArgs(['--api-key-env', 'PONDER_TEST_NO_SUCH_VARIABLE']).kind, 'error');
    const lines: string[] = [];
    const stop = new AbortController();
    let url = '';
    let finished: Promise<number> = Promise.resolve(-1);
    const gotUrl = new Promise<void>((resolve) => {
      finished = runStandinCli(['--dialect', 'openai', '--port', '0', '--api-key-env', 'PONDER_TEST_STANDIN_KEY'], {
        stdout: (line) => {
          lines.push(line);
          const match = /listening on (http:\/\/\S+)/.exec(line);
          if (match?.[1]) {
            url = match[1];
            resolve();
          }
        },
        stderr: (line) => lines.push(line),
        until: stop.signal,
      });
    });
    await gotUrl;
    const refused = await fetch(`${url}/v1/models`);
    assert.equal(refused.status, 401);
    const listed = await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer sk-standin-cli-5e6f7a8b' } });
    const body = (await listed.json()) as { data: { id: string; owned_by: string }[] };
    assert.ok(body.data.some((m) => m.id === 'Qwen/Qwen2.5-Math-PRM-7B' && m.owned_by === 'vllm'));
    const missing = await fetch(`${url}/v1/nothing`, { headers: { authorization: 'Bearer sk-standin-cli-5e6f7a8b' } });
    assert.deepEqual([missing.status, await missing.json()], [404, { detail: 'Not Found' }]);
    stop.abort();
    assert.equal(await finished, 0);
    assert.ok(lines.some((l) => l.includes('--backend openai --base-url')));
    assert.ok(lines.every((l) => !l.includes('sk-standin-cli')));
  } finally {
    delete process.env.PONDER_TEST_STANDIN_KEY;
  }
});

test('ponder standin --no-logprobs: chat completions that return no log-probabilities', () => {
  const parsed = parseStandinArgs(['--dialect', 'openai', '--no-logprobs']);
  assert.equal(parsed.kind, 'run');
  if (parsed.kind === 'run') assert.equal(parsed.options.logprobs, false);
  const plain = parseStandinArgs(['--dialect', 'openai']);
  if (plain.kind === 'run') assert.equal(plain.options.logprobs, undefined);
});
