// The fault matrix: every way the Ollama server or the network can fail, injected at the stand-in while the
// language server (a child process, over LSP) solves a problem. Each row records what the user is told,
// whether the partial tree is kept with its failed nodes marked, whether the search recovered or ended
// cleanly, that no request is left open at the stand-in, and that the server still serves the next solve.
// With PONDER_WRITE_DOCS=1 the rows are written as a table into docs/reliability.md.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GET_RUN_METHOD } from '../../../src/protocol/lsp';
import type { SolveParams, SolveResultParams } from '../../../src/protocol/lsp';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import type { FaultSpec, Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { cell, writeDocSection, writeDocsEnabled } from '../../support/doc-section';
import { CancellationTokenSource, ServerHarness, until } from '../server/harness';

const SAMPLES = 3;
const PROBLEM: SolveParams = { problem: 'What is 9 + 10?', mode: 'fixed', strategy: 'majority', samples: SAMPLES };

interface Row {
  fault: string;
  injected: string;
  message: string;
  partialTree: string;
  outcome: string;
  requestsClosed: boolean;
  nextSolve: boolean;
}

const rows: Row[] = [];

const LABELS = {
  dropMidStream: 'connection dropped mid-stream',
  error500During: 'error during the stream',
  malformedLine: 'malformed NDJSON line',
  endWithoutDone: 'stream ends without done',
  stallBeforeHeaders: 'stall before headers',
  stallMidStream: 'stall mid-stream',
} as const;

describe('fault matrix through the language server', () => {
  let standin: Standin;
  let server: ServerHarness;
  before(async () => {
    standin = await startStandin({ parallel: 3, tokenLatencyMs: 1 });
    server = await ServerHarness.start({ ollamaHost: standin.url, parallelRequests: 3 });
  });
  after(async () => {
    await server.close();
    await standin.close();
    if (writeDocsEnabled()) writeDocSection('docs/reliability.md', 'fault-matrix', renderTable(), '# Reliability');
  });

  async function failedNodes(runId: string): Promise<{ tree: TreeSnapshot | null; failed: string[] }> {
    const tree = await server.request<TreeSnapshot | null>(GET_RUN_METHOD, { runId });
    const failedNodes = (tree?.nodes ?? []).filter((n) => n.status === 'failed');
    assert.ok(failedNodes.every((n) => (n.reason ?? '').trim() !== ''), 'every failed node says why');
    // The stand-in's port changes from run to run: keep the generated table stable.
    const failed = failedNodes.map((n) => `${n.kind}: ${(n.reason ?? '').replaceAll(standin.url, '<host>')}`);
    return { tree, failed };
  }

  async function requestsClose(): Promise<boolean> {
    await until(() => standin.stats().openRequests === 0, 5000, 'every request to close at the stand-in');
    return true;
  }

  async function servesNext(): Promise<boolean> {
    await standin.setFaults([]);
    await server.configure({ ollamaHost: standin.url, parallelRequests: 3, model: 'qwen2.5:1.5b' });
    const next = await server.solve({ ...PROBLEM, problem: 'What is 6 * 7?' });
    assert.equal(next.error, undefined, next.error?.message);
    assert.equal(next.answer, '42');
    return true;
  }

  function userMessage(result: SolveResultParams, failed: string[]): string {
    if (result.error) return `${result.error.kind}: ${result.error.message.replaceAll(standin.url, '<host>')}`;
    if (result.cancelled) return `cancelled (answer ${result.answer ?? 'none'})`;
    return `answer ${result.answer ?? 'none'}${failed.length > 0 ? `; failed nodes: ${[...new Set(failed)].join('; ')}` : ''}`;
  }

  function treeCell(tree: TreeSnapshot | null, failed: string[]): string {
    if (!tree) return 'no tree';
    return `kept (${tree.nodes.length} nodes, ${failed.length} failed with a reason)`;
  }

  /** Runs one solve with `faults` armed, checks the common expectations and returns the result. */
  async function faultedSolve(faults: readonly FaultSpec[]): Promise<{ result: SolveResultParams; tree: TreeSnapshot | null; failed: string[] }> {
    await standin.setFaults(faults);
    const result = await server.solve(PROBLEM);
    const { tree, failed } = await failedNodes(result.runId);
    assert.ok(tree, 'the run is kept');
    assert.equal(tree.finished, true, 'the run ended');
    return { result, tree, failed };
  }

  async function record(fault: string, injected: string, result: SolveResultParams, tree: TreeSnapshot | null, failed: string[], outcome: string): Promise<void> {
    const requestsClosed = await requestsClose();
    const nextSolve = await servesNext();
    rows.push({ fault, injected, message: userMessage(result, failed), partialTree: treeCell(tree, failed), outcome, requestsClosed, nextSolve });
  }

  test('connection refused: server-not-running naming the host', async () => {
    const { result, tree, failed } = await faultedSolve([{ kind: 'refuse' }]);
    assert.equal(result.error?.kind, 'server-not-running', result.error?.message);
    assert.ok(result.error.message.includes(standin.url));
    await record('connection refused', "`refuse` (listener closed)", result, tree, failed, 'ends cleanly with an error');
  });

  test('500 before the stream, on every call: model-failed with the server message', async () => {
    const { result, tree, failed } = await faultedSolve([{ kind: 'error500Before', message: 'model requires more system memory' }]);
    assert.equal(result.error?.kind, 'model-failed', result.error?.message);
    assert.match(result.error.message, /more system memory/);
    await record('HTTP 500 before the stream', '`error500Before` on every call', result, tree, failed, 'ends cleanly with an error');
  });

  // Ollama answers 503 only when its queue of requests waiting for a model load is full (server/sched.go
  // getRunner); requests for a loaded model wait for a slot instead, so the fault stands for a busy load queue.
  test('503 load queue full on every call: server-busy after the retries', async () => {
    const rejectedBefore = standin.stats().rejectedQueueFull;
    const { result, tree, failed } = await faultedSolve([{ kind: 'queueFull' }]);
    assert.equal(result.error?.kind, 'server-busy', result.error?.message);
    const tries = standin.stats().rejectedQueueFull - rejectedBefore;
    assert.ok(tries >= 2 * SAMPLES, `each chain retried with backoff before giving up (${tries} tries)`);
    await record('503 load queue full', '`queueFull` on every call', result, tree, failed, `ends cleanly after ${tries} tries in all (backoff)`);
  });

  test('503 load queue full once: retried, the search recovers', async () => {
    const { result, tree, failed } = await faultedSolve([{ kind: 'queueFull', times: 1 }]);
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '19');
    await record('503 load queue full (transient)', '`queueFull` once', result, tree, failed, 'recovers (retry with backoff)');
  });

  test('model not found: model-not-found naming the model', async () => {
    await server.configure({ ollamaHost: standin.url, parallelRequests: 3, model: 'nosuch:7b' });
    const { result, tree, failed } = await faultedSolve([]);
    assert.equal(result.error?.kind, 'model-not-found', result.error?.message);
    assert.equal(result.error.model, 'nosuch:7b');
    await record('model not found', 'setting `model: nosuch:7b`', result, tree, failed, 'ends cleanly with an error');
  });

  for (const kind of ['dropMidStream', 'error500During', 'malformedLine', 'endWithoutDone'] as const) {
    test(`${kind} on one chain: that chain is marked failed, the others answer`, async () => {
      const { result, tree, failed } = await faultedSolve([{ kind, times: 1, afterChunks: 3 }]);
      assert.equal(result.error, undefined, result.error?.message);
      assert.equal(result.answer, '19');
      assert.ok(failed.length >= 1, `a failed node with a reason: ${JSON.stringify(tree?.nodes.map((n) => [n.kind, n.status, n.reason]))}`);
      await record(LABELS[kind], `\`${kind}\` once, after 3 chunks`, result, tree, failed, 'recovers: the other chains answer');
    });
    test(`${kind} on every call: the run ends cleanly with its failed nodes kept`, async () => {
      const { result, tree, failed } = await faultedSolve([{ kind, afterChunks: 3 }]);
      assert.equal(result.answer, null);
      assert.equal(result.error?.kind, 'model-failed', 'the user is told why');
      assert.ok(failed.length >= 1, 'the failed chains are kept and marked');
      await record(`${LABELS[kind]} (every call)`, `\`${kind}\` on every call`, result, tree, failed, 'ends cleanly, no answer');
    });
  }

  // A request that has no headers yet is waiting in Ollama's queue (Ollama sends nothing until a slot is
  // free), so Ponder never gives up on it by itself: it waits until the user cancels.
  test('stallBeforeHeaders: not failed early, cancelling closes the stalled requests', async () => {
    await standin.setFaults([{ kind: 'stallBeforeHeaders' }]);
    const cancel = new CancellationTokenSource();
    const pending = server.solve(PROBLEM, cancel);
    let settled = false;
    void pending.finally(() => (settled = true));
    await until(() => standin.stats().openRequests >= SAMPLES, 5000, 'all chains to stall');
    assert.equal(settled, false, 'a request waiting for headers is not failed');
    cancel.cancel();
    const result = await pending;
    cancel.dispose();
    assert.equal(result.cancelled, true);
    const { tree, failed } = await failedNodes(result.runId);
    assert.ok(failed.some((f) => f.includes('cancelled')), JSON.stringify(failed));
    await record(LABELS.stallBeforeHeaders, '`stallBeforeHeaders` on every call, then cancel', result, tree, failed, 'waits (a queued request is never a stall), ends cleanly on cancel');
  });

  // Silence inside a started response is a stall: after ponder.stallTimeoutSeconds (1 s here, 60 s by
  // default) the request is aborted and the step fails with the reason.
  for (const times of [1, undefined] as const) {
    test(`stallMidStream ${times === 1 ? 'once' : 'on every call'}: given up after the stall limit`, async () => {
      await server.configure({ ollamaHost: standin.url, parallelRequests: 3, stallTimeoutSeconds: 1 });
      const started = performance.now();
      const { result, tree, failed } = await faultedSolve([{ kind: 'stallMidStream', afterChunks: 3, ...(times === undefined ? {} : { times }) }]);
      const seconds = (performance.now() - started) / 1000;
      assert.ok(seconds >= 1, `not before the limit (${seconds.toFixed(1)} s)`);
      assert.ok(failed.some((f) => f.includes('went silent')), JSON.stringify(failed));
      if (times === 1) {
        assert.equal(result.error, undefined, result.error?.message);
        assert.equal(result.answer, '19');
      } else {
        assert.equal(result.answer, null);
        assert.ok(result.error, 'the user is told why');
        assert.match(result.error.message, /went silent/);
      }
      const outcome = times === 1 ? 'the stalled chain fails after the 1 s limit; the other chains answer' : 'every chain fails after the 1 s limit; ends cleanly, no answer';
      await record(`${LABELS.stallMidStream}${times === 1 ? '' : ' (every call)'}`, `\`stallMidStream\` ${times === 1 ? 'once' : 'on every call'}, after 3 chunks; \`stallTimeoutSeconds: 1\``, result, tree, failed, outcome);
    });
  }

  test('server restarted mid-search: the run ends cleanly, the new server is used next', async () => {
    const slowPort = standin.port;
    await standin.close();
    standin = await startStandin({ port: slowPort, parallel: 3, tokenLatencyMs: 20 });
    const pending = server.solve({ ...PROBLEM, tokenCap: 100_000 });
    await until(() => standin.stats().activeGenerations >= 1 && standin.stats().tokensGenerated >= 3, 10_000, 'generations to stream');
    await standin.close();
    standin = await startStandin({ port: slowPort, parallel: 3, tokenLatencyMs: 1 });
    const result = await pending;
    const { tree, failed } = await failedNodes(result.runId);
    assert.ok(tree?.finished);
    assert.ok(result.error !== undefined || failed.length >= 1 || result.answer === '19', 'either recovered or told why');
    const outcome = result.answer === '19' ? 'recovers (retried on the new server)' : 'ends cleanly with the failed chains kept';
    await record('server restarted mid-search', 'stand-in closed and restarted on the same port', result, tree, failed, outcome);
  });

  test('very slow server (requests queue behind one slot): no failure', async () => {
    const port = standin.port;
    await standin.close();
    standin = await startStandin({ port, parallel: 1, tokenLatencyMs: 8 });
    const { result, tree, failed } = await faultedSolve([]);
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '19');
    assert.equal(failed.length, 0);
    assert.ok(standin.stats().peakActiveGenerations === 1);
    await record('very slow server', 'one slot, 8 ms/token: calls queue without headers', result, tree, failed, 'completes; queue wait is not a stall');
  });
});


function renderTable(): string {
  const head = [
    '_Generated by `PONDER_WRITE_DOCS=1 node scripts/test.mjs test/integration/reliability/fault-matrix.test.ts`; do not edit by hand._',
    '',
    '| Fault | Injected | What the user is told | Partial tree | Search | Requests closed | Next solve |',
    '|---|---|---|---|---|---|---|',
  ];
  const body = rows.map((r) =>
    `| ${cell(r.fault)} | ${cell(r.injected)} | ${cell(r.message)} | ${cell(r.partialTree)} | ${cell(r.outcome)} | ${r.requestsClosed ? 'yes' : 'no'} | ${r.nextSolve ? 'yes' : 'no'} |`,
  );
  return [...head, ...body].join('\n');
}
