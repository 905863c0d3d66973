// `runStandinCli`: argument parsing, the printed URL, and a clean stop.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ollama } from 'ollama';
import { parseFaultSpec, parseStandinArgs, runStandinCli } from '../../../src/standin/cli';

describe('stand-in CLI', () => {
  test('parses its options', () => {
    const parsed = parseStandinArgs([
      '--port', '0', '--parallel=2', '--latency-ms', '3', '--version', 'v0.12.11', '--no-cache',
      '--fault', 'dropMidStream,after=3,times=2,model=qwen3:1.7b', '--max-queue', '8',
    ]);
    assert.equal(parsed.kind, 'run');
    if (parsed.kind !== 'run') return;
    assert.equal(parsed.options.port, 0);
    assert.equal(parsed.options.parallel, 2);
    assert.equal(parsed.options.tokenLatencyMs, 3);
    assert.equal(parsed.options.version, '0.12.11');
    assert.equal(parsed.options.cache, false);
    assert.equal(parsed.options.maxQueue, 8);
    assert.deepEqual(parsed.options.faults, [{ kind: 'dropMidStream', afterChunks: 3, times: 2, model: 'qwen3:1.7b' }]);
  });

  test('rejects what it does not know', () => {
    assert.equal(parseStandinArgs(['--frobnicate']).kind, 'error');
    assert.equal(parseStandinArgs(['--port', 'x']).kind, 'error');
    for (const port of ['65536', '80.5']) {
      const parsed = parseStandinArgs(['--port', port]);
      assert.equal(parsed.kind, 'error', port);
      assert.match(parsed.kind === 'error' ? parsed.message : '', /--port needs a whole number from 0 to 65535/);
    }
    assert.equal(parseStandinArgs(['--fault', 'meltdown']).kind, 'error');
    assert.throws(() => parseFaultSpec('refuse,colour=red'), /unknown fault setting/);
    assert.equal(parseStandinArgs(['--help']).kind, 'help');
  });

  test('prints the URL, serves, and stops cleanly when told to', async () => {
    const out: string[] = [];
    const stop = new AbortController();
    const running = runStandinCli(['--port', '0', '--latency-ms', '0'], { stdout: (line) => out.push(line), until: stop.signal });
    const deadline = Date.now() + 5000;
    while (!out.some((line) => line.includes('http://127.0.0.1:')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out.join('\n'))?.[0];
    assert.ok(url, out.join('\n'));
    const ollama = new Ollama({ host: url });
    assert.equal((await ollama.generate({ model: 'qwen2.5:1.5b', prompt: 'What is 2 + 3?' })).done, true);
    stop.abort();
    assert.equal(await running, 0);
    assert.match(out.at(-1)!, /Stopped after \d+ requests/);
  });

  test('a bad argument exits with 2 and the usage on stderr', async () => {
    const err: string[] = [];
    assert.equal(await runStandinCli(['--nope'], { stderr: (line) => err.push(line) }), 2);
    assert.match(err.join('\n'), /Usage: ponder standin/);
  });
});
