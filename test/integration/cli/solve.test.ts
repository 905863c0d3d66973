import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { startStandin } from '../../../src/standin';
import { recordingIo } from '../../support/cli-io';
import { freePort as closedPort } from '../../support/ports';

const PROBLEM =
  'Zoe has 42 stamps. She gets 4 boxes of 16 stamps. She gets 8 boxes of 6 stamps. She buys 60 more stamps. ' +
  'She gives away 28 stamps. How many stamps does Zoe have now?';

describe('ponder solve', () => {
  test('with no Ollama at the default address it says so on one line and solves with the simulated reasoner', async () => {
    const io = recordingIo(undefined, `http://127.0.0.1:${await closedPort()}`);
    const code = await main(['solve', PROBLEM], io);
    assert.equal(code, 0, io.err());
    const notices = io.err().split('\n').filter((line) => line.startsWith('No Ollama answered'));
    assert.equal(notices.length, 1);
    assert.match(io.out(), /^Answer: 186$/m);
    assert.match(io.out(), /^Confidence: \d+% of the verifier-weighted vote$/m);
    assert.match(io.out(), /^Cost: 8\/8 chains · \d+ tokens generated \(\d+ by the verifier\)/m);
    assert.match(io.err(), /samples 8\/8 · tokens \d+\/\d+ · calls \d+ · leading /);
  });

  test('the demo model, given a problem it cannot read, says that it solves arithmetic only and how to get a real model', async () => {
    const io = recordingIo(undefined, `http://127.0.0.1:${await closedPort()}`);
    const code = await main(['solve', 'Who wrote the Iliad, and in which century?'], io);
    assert.equal(code, 1);
    assert.match(io.out(), /^No answer: the demo model solves arithmetic only, and this problem is not one it can read\. Start Ollama \(`ollama serve`\) or pass --host for a real model\.$/m);
    assert.doesNotMatch(io.out(), /no sampled chain stated/);
    // One chain shows what it says; a search would only repeat the same refusal.
    assert.match(io.out(), /^Cost: 1\/1 chains · /m);
    assert.match(io.err(), /samples 1\/1 · /, 'the progress line counts toward the one chain drawn, not the 8 asked');
    assert.match(io.out(), /· the demo model solves arithmetic only and cannot read this problem: one chain shows what it says/);
  });

  test('--json prints the whole result, tree included; the problem can come from stdin', async () => {
    const io = recordingIo('What is (17 + 5) * 3 - 4?');
    const code = await main(['solve', '--sim', '--json', '--strategy', 'majority', '--samples', '4'], io);
    assert.equal(code, 0, io.err());
    const result = JSON.parse(io.out()) as { answer: string; strategy: string; tree: { nodes: unknown[] }; usage: { calls: number } };
    assert.equal(result.strategy, 'majority');
    assert.equal(typeof result.answer, 'string');
    assert.equal(result.usage.calls, 4);
    assert.ok(result.tree.nodes.length > 4);
  });

  test('against an Ollama server (the stand-in) it uses the given host and model', async () => {
    const standin = await startStandin({ parallel: 4 });
    try {
      const io = recordingIo();
      const code = await main(['solve', '--host', standin.url, '--samples', '4', '--parallel', '4', PROBLEM], io);
      assert.equal(code, 0, io.err());
      assert.doesNotMatch(io.err(), /No Ollama answered/);
      assert.match(io.out(), /^Model: ollama qwen2\.5:1\.5b @ http:\/\/127\.0\.0\.1:\d+$/m);
      assert.ok(standin.stats().generationsCompleted >= 4);
    } finally {
      await standin.close();
    }
  });

  test('an explicit host that does not answer is an error with the host and how to start Ollama', async () => {
    const io = recordingIo();
    const code = await main(['solve', '--host', `127.0.0.1:${await closedPort()}`, PROBLEM], io);
    assert.equal(code, 1);
    assert.match(io.err(), /127\.0\.0\.1:\d+/);
    assert.match(io.err(), /ollama serve/);
  });

  test('port 1 (a port HTTP clients never connect to) names the address and says nothing answered, exit 1', async () => {
    const io = recordingIo();
    const code = await main(['solve', '--host', 'http://127.0.0.1:1', PROBLEM], io);
    assert.equal(code, 1);
    assert.match(io.err(), /Cannot reach Ollama at http:\/\/127\.0\.0\.1:1: nothing answered there/);
    assert.doesNotMatch(io.err(), /Unexpected|fetch failed/);
  });

  test('Ctrl-C cancels the search and prints what was found so far', async () => {
    const standin = await startStandin({ parallel: 2, tokenLatencyMs: 5 });
    try {
      const io = recordingIo();
      const running = main(['solve', '--host', standin.url, '--samples', '16', '--parallel', '2', PROBLEM], io);
      await standin.waitFor((s) => s.tokensGenerated > 20, 10_000);
      io.interrupt();
      const code = await running;
      assert.equal(code, 130);
      assert.match(io.out(), /^Cancelled: this is what was found before the search stopped\.$/m);
      await standin.waitFor((s) => s.openRequests === 0, 1000);
    } finally {
      await standin.close();
    }
  });

  test('bad input gets a clear message and exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['solve', '--sim', '--samples', 'many', 'x'], /--samples must be a number, not "many"/],
      [['solve', '--sim', '--samples', '0', 'x'], /--samples must be at least 1/],
      [['solve', '--sim', '--strategy', 'guess', 'x'], /unknown strategy "guess"/],
      [['solve', '--sim', '   '], /the problem is empty/],
      [['solve', '--sim'], /give a problem/],
      [['solve', '--sim', '--file', '/nonexistent/problem.txt'], /cannot read the problem file/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['solve', '--no-such-flag', 'x'], /Unknown option '--no-such-flag'/],
      [['solve', '--host', 'http://[::1', 'x'], /--host is "http:\/\/\[::1", which is not an address such as http:\/\/127\.0\.0\.1:11434/],
      [['solve', '--host', 'ftp://example.com', 'x'], /--host is "ftp:\/\/example\.com", which is not an http:\/\/ or https:\/\/ address/],
      [['mcp', '--host', 'http://[::1'], /--host is "http:\/\/\[::1"/],
      // The language server library would take a mistyped transport for stdio and wait there silently.
      [['lsp', '--tcp'], /"--tcp" is not a transport: give --stdio \(the default\), --socket=PORT, --pipe=NAME or --node-ipc/],
      [['lsp', '--socket', 'abc'], /"--socket abc" is not a transport/],
      [['bench', '--backend', 'ollama', '--model', 'm', '--host', 'ftp://example.com'], /--host is "ftp:\/\/example\.com", which is not an http:\/\/ or https:\/\/ address/],
    ];
    for (const [argv, message] of cases) {
      const io = recordingIo();
      assert.equal(await main(argv, io), 2, argv.join(' '));
      assert.match(io.err(), message);
      assert.doesNotMatch(io.err(), /unexpected failure|\n\s+at /, `${argv.join(' ')}: a stack trace`);
    }
  });

  test('a policy file that cannot be read or is not a policy is a usage error naming it, before any model is looked for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponder-policy-'));
    try {
      const notJson = join(dir, 'notes.txt');
      writeFileSync(notJson, 'root:x:0:0');
      const cases: [string[], RegExp][] = [
        [['solve', '--policy', join(dir, 'missing.json'), 'What is 2 + 3?'], /^ponder: --policy: cannot read the policy file .*missing\.json: ENOENT/],
        [['solve', '--policy', notJson, 'What is 2 + 3?'], /^ponder: --policy: .*notes\.txt is not valid JSON/],
        [['mcp', '--policy', notJson], /^ponder: --policy: .*notes\.txt is not valid JSON/],
      ];
      for (const [argv, message] of cases) {
        // An address nothing listens on: were Ollama looked for first, the demo model's notice would come first.
        const io = recordingIo(undefined, `http://127.0.0.1:${await closedPort()}`);
        assert.equal(await main(argv, io), 2, argv.join(' '));
        assert.match(io.err(), message);
        assert.doesNotMatch(io.err(), /model backend|No Ollama answered/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a malformed OLLAMA_HOST is named, with how to fix it, when it would be used, and ignored when --sim is given', async () => {
    const io = recordingIo(undefined, 'http://[bad');
    assert.equal(await main(['solve', 'What is 2 + 3?'], io), 2);
    assert.match(io.err(), /OLLAMA_HOST is "http:\/\/\[bad", which is not an address such as http:\/\/127\.0\.0\.1:11434 or 127\.0\.0\.1:11434; correct or unset it, or pass --host/);
    const simulated = recordingIo(undefined, 'http://[bad');
    assert.equal(await main(['solve', '--sim', 'What is 2 + 3?'], simulated), 0, simulated.err());
    assert.match(simulated.out(), /^Answer: 5$/m);
  });
});
