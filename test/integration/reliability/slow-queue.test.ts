// "Very slow server": Ponder's requests wait in Ollama's queue for more than five minutes and must still
// complete. Ollama sends no status and no headers while a request waits for a slot, and Node's default HTTP
// client (undici) gives up on a response whose headers take longer than 300 s. So this waits for real:
// about five minutes of wall time, run beside the other test files.
//
// The only slot of the stand-in is held by another client's request whose runner hangs mid-stream (as a
// stuck or very long generation would); Ponder's solve queues behind it. After 5 min 10 s the other client
// gives up, the slot frees, and the solve must answer with no failed node.
// With PONDER_WRITE_DOCS=1 the figures are written into docs/reliability.md.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent, fetch } from 'undici';
import { GET_RUN_METHOD } from '../../../src/protocol/lsp';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { writeDocSection, writeDocsEnabled } from '../../support/doc-section';
import { ServerHarness, until } from '../server/harness';

const QUEUED_FOR_MS = 310_000;
const SAMPLES = 2;

describe('very slow server: queued past five minutes', () => {
  let standin: Standin;
  let server: ServerHarness;
  const blocker = new AbortController();
  const patient = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
  before(async () => {
    standin = await startStandin({ parallel: 1, tokenLatencyMs: 1 });
    server = await ServerHarness.start({ ollamaHost: standin.url, parallelRequests: 1 });
  });
  after(async () => {
    blocker.abort();
    await patient.close();
    await server.close();
    await standin.close();
  });

  test('a solve queued for 5 min 10 s behind a busy slot completes without failing a step', { timeout: QUEUED_FOR_MS + 120_000 }, async () => {
    await standin.setFaults([{ kind: 'stallMidStream', times: 1, afterChunks: 2 }]);
    // The other client must outlast undici's own 300 s body timeout too, or it would free the slot early.
    const other = fetch(`${standin.url}/api/generate`, {
      dispatcher: patient,
      method: 'POST',
      body: JSON.stringify({ model: 'qwen2.5:1.5b', prompt: 'Another client’s long job', stream: true }),
      signal: blocker.signal,
    }).then(async (response) => {
      // Read until the other client gives up; the stream never ends by itself.
      for await (const chunk of response.body ?? []) void chunk;
    }).catch(() => undefined);
    await until(() => standin.stats().activeGenerations === 1, 5000, 'the other job to hold the slot');

    const started = performance.now();
    const pending = server.solve({ problem: 'What is 9 + 10?', mode: 'fixed', strategy: 'majority', samples: SAMPLES });
    let settled: string | undefined;
    void pending.then(
      (result) => (settled = `after ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify({ answer: result.answer, error: result.error })}`),
      (error: unknown) => (settled = `after ${((performance.now() - started) / 1000).toFixed(1)} s: ${String(error)}`),
    );
    await until(() => standin.stats().queued >= 1, 10_000, 'Ponder’s request to queue');

    // Poll slowly while waiting: the wait itself is the test.
    await until(() => performance.now() - started >= QUEUED_FOR_MS, QUEUED_FOR_MS + 10_000, 'five minutes to pass');
    assert.equal(settled, undefined, 'nothing gave up on the queued request');
    assert.ok(standin.stats().queued >= 1, 'still queued, with no headers sent');
    const queuedMs = performance.now() - started;

    blocker.abort();
    await other;
    const result = await pending;
    const totalMs = performance.now() - started;
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '19');
    const tree = await server.request<TreeSnapshot | null>(GET_RUN_METHOD, { runId: result.runId });
    assert.ok(tree?.finished);
    assert.deepEqual(tree.nodes.filter((n) => n.status === 'failed').map((n) => n.reason), [], 'no step failed');
    await until(() => standin.stats().openRequests === 0, 5000, 'every request to close');

    if (writeDocsEnabled()) {
      writeDocSection(
        'docs/reliability.md',
        'slow-queue',
        [
          '_Measured by `PONDER_WRITE_DOCS=1 node scripts/test.mjs test/integration/reliability/slow-queue.test.ts`._',
          '',
          `- Ponder's first request waited in the queue for ${(queuedMs / 1000).toFixed(0)} s with no headers; ` +
            `the solve then answered ${result.answer} after ${(totalMs / 1000).toFixed(0)} s in all, with no failed step ` +
            `(${tree.nodes.length} nodes).`,
        ].join('\n'),
        '# Reliability',
      );
    }
  });
});
