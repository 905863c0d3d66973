// LSP cancellation reaches the engine: every request at the stand-in is closed, the result is partial and
// flagged cancelled, and the server serves the next request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GET_RUN_METHOD } from '../../../src/protocol/lsp';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { CancellationTokenSource, ServerHarness, until } from './harness';

describe('cancelling ponder/solve', () => {
  let standin: Standin;
  let server: ServerHarness;
  before(async () => {
    // Slow tokens: the generations are still streaming when the cancellation arrives.
    standin = await startStandin({ parallel: 4, tokenLatencyMs: 50 });
    server = await ServerHarness.start({ ollamaHost: standin.url, parallelRequests: 4 });
  });
  after(async () => {
    await server.close();
    await standin.close();
  });

  test('$/cancelRequest aborts the search and closes every request at the stand-in', async () => {
    const cancel = new CancellationTokenSource();
    const pending = server.solve({ problem: 'What is 123 * 45 - 67?', mode: 'fixed', strategy: 'majority', samples: 32, tokenCap: 100_000 }, cancel);
    const streaming = (): boolean => server.deltas.some((d) => d.params.deltas.some((x) => x.type === 'nodeAdded' && x.node.kind === 'step'));
    await until(() => standin.stats().activeGenerations >= 2 && streaming(), 10_000, 'generations to stream');
    cancel.cancel();
    const result = await pending;
    assert.equal(result.cancelled, true);
    assert.equal(result.error, undefined);
    await until(() => standin.stats().openRequests === 0, 5000, 'every request to close');
    assert.ok(standin.stats().generationsAborted >= 1, JSON.stringify(standin.stats()));
    const tree = await server.request<TreeSnapshot | null>(GET_RUN_METHOD, { runId: result.runId });
    assert.equal(tree?.finished, true);
    assert.ok(tree.nodes.some((n) => n.status === 'failed' && n.reason === 'cancelled'), JSON.stringify(tree.nodes.map((n) => [n.kind, n.status, n.reason])));
    cancel.dispose();

    const next = await server.solve({ problem: 'What is 6 * 7?', mode: 'fixed', strategy: 'majority', samples: 2 });
    assert.equal(next.answer, '42');
    assert.equal(next.cancelled, false);
  });
});
