// A client cancelling a `solve` mid-run (the SDK sends notifications/cancelled when the call's AbortSignal
// fires) closes every model request at the stand-in within 200 ms, and the server serves the next call.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import type { McpSession } from './client';
import { startPonderMcp } from './client';

const CLOSE_LIMIT_MS = 200;

describe('cancelling an MCP solve', () => {
  let standin: Standin;
  let mcp: McpSession;
  before(async () => {
    // Slow tokens: the generations are still streaming when the cancellation arrives.
    standin = await startStandin({ parallel: 4, tokenLatencyMs: 50 });
    mcp = await startPonderMcp(['--host', standin.url, '--parallel', '4', '--max-tokens', '100000']);
  });
  after(async () => {
    await mcp.close();
    await standin.close();
  });

  test(`closes every request at the stand-in within ${CLOSE_LIMIT_MS} ms`, async (t) => {
    const abort = new AbortController();
    const call = mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is 123 * 45 - 67?', strategy: 'majority', samples: 32 } }, undefined, {
      signal: abort.signal,
    });
    const rejected = assert.rejects(call, /abort|cancel/i);
    await standin.waitFor((s) => s.activeGenerations >= 2 && s.tokensGenerated > 8, 20_000);
    const cancelledAt = performance.now();
    abort.abort();
    await standin.waitFor((s) => s.openRequests === 0, 5000);
    const closedMs = performance.now() - cancelledAt;
    await rejected;
    t.diagnostic(`every request closed ${closedMs.toFixed(0)} ms after the cancel`);
    assert.ok(standin.stats().generationsAborted >= 2, JSON.stringify(standin.stats()));
    assert.ok(closedMs <= CLOSE_LIMIT_MS, `every request closed ${closedMs.toFixed(0)} ms after the cancel (limit ${CLOSE_LIMIT_MS} ms)`);

    const next = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is 6 * 7?', strategy: 'majority', samples: 2 } });
    assert.equal((next.structuredContent as { answer: string }).answer, '42');
  });
});
