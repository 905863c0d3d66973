// The fault matrix for the OpenAI-compatible backend: each fault injected at the stand-in's OpenAI
// dialect while the engine solves a problem through the real `openai` client. Each row records what the
// user is told, whether the tree is kept with its failed nodes marked, whether the search recovered or
// ended cleanly, and that no request is left open at the stand-in. With PONDER_WRITE_DOCS=1 the rows are
// written as a table into docs/reliability.md.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeModelError } from '../../../src/engine/model/errors';
import { OpenAIModel } from '../../../src/engine/model/openai';
import { solve } from '../../../src/engine/solve';
import type { SolveResult } from '../../../src/engine/solve';
import type { FaultSpec, Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { cell, writeDocSection, writeDocsEnabled } from '../../support/doc-section';

const SAMPLES = 3;
const PROBLEM = 'What is 9 + 10?';
const rows: string[] = [];

/** What the user reads: the error that ended the solve, or the failed nodes' reasons. */
function told(outcome: { result?: SolveResult; error?: unknown }): string {
  if (outcome.error !== undefined) return describeModelError(outcome.error);
  return (outcome.result?.tree.nodes ?? []).map((n) => n.reason ?? '').join(' ');
}

describe('fault matrix, OpenAI-compatible backend', () => {
  let standin: Standin;
  let model: OpenAIModel;
  before(async () => {
    standin = await startStandin({ dialect: 'openai', parallel: 3, tokenLatencyMs: 1 });
    model = new OpenAIModel({ baseUrl: `${standin.url}/v1`, model: 'qwen2.5:1.5b', slots: 3, stallTimeoutMs: 300, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  });
  after(async () => {
    await model.close();
    await standin.close();
    if (writeDocsEnabled()) {
      const table = ['| Fault | Injected | What the user is told | Tree | Search | Requests closed |', '|---|---|---|---|---|---|', ...rows].join('\n');
      writeDocSection('docs/reliability.md', 'openai-fault-matrix', table, '# Reliability');
    }
  });

  async function faulted(faults: readonly FaultSpec[], using: OpenAIModel = model): Promise<{ result?: SolveResult; error?: unknown }> {
    await standin.setFaults(faults);
    try {
      return { result: await solve(PROBLEM, { model: using, strategy: 'majority', samples: SAMPLES, parallelism: 3 }, new AbortController().signal) };
    } catch (error) {
      return { error };
    } finally {
      await standin.setFaults([]);
    }
  }

  async function record(fault: string, injected: string, outcome: { result?: SolveResult; error?: unknown }, search: string): Promise<void> {
    await standin.waitFor((s) => s.openRequests === 0, 5000);
    const hide = (text: string): string => text.replace(/http:\/\/127\.0\.0\.1:\d+/g, '<host>');
    const { result, error } = outcome;
    const failed = (result?.tree.nodes ?? []).filter((n) => n.status === 'failed');
    assert.ok(failed.every((n) => (n.reason ?? '').trim() !== ''), 'every failed node says why');
    const told = error !== undefined
      ? describeModelError(error)
      : result?.answer !== undefined
        ? `answer ${result.answer}${failed.length > 0 ? `; failed nodes: ${[...new Set(failed.map((n) => `${n.kind}: ${n.reason ?? ''}`))].join('; ')}` : ''}`
        : `no answer; failed nodes: ${[...new Set(failed.map((n) => n.reason ?? ''))].join('; ')}`;
    const tree = result ? `kept (${result.tree.nodes.length} nodes, ${failed.length} failed with a reason)` : 'every chain failed: solve() rejects with the error';
    rows.push(`| ${cell(fault)} | ${cell(injected)} | ${cell(hide(told))} | ${cell(tree)} | ${cell(search)} | yes |`);
  }

  test('500 before the stream on every call', async () => {
    const outcome = await faulted([{ kind: 'error500Before', message: 'CUDA out of memory' }]);
    assert.equal(outcome.result?.answer, undefined);
    assert.match(told(outcome), /HTTP 500: CUDA out of memory/);
    await record('HTTP 500 before the stream', '`error500Before` on every call', outcome, 'ends cleanly, no answer');
  });

  test('503 once is retried and the search recovers; on every call it fails after the retries', async () => {
    const once = await faulted([{ kind: 'queueFull', times: 1 }]);
    assert.equal(once.result?.answer, '19');
    await record('503 (transient)', '`queueFull` once', once, 'recovers (retry with backoff)');
    const every = await faulted([{ kind: 'queueFull' }]);
    assert.equal(every.result?.answer, undefined);
    assert.match(told(every), /busy \(HTTP 503\), still after 5 attempts/);
    await record('503 queue full', '`queueFull` on every call', every, 'ends cleanly after 5 tries per chain');
  });

  for (const kind of ['dropMidStream', 'error500During', 'malformedLine', 'endWithoutDone'] as const) {
    test(`${kind} once: the other chains answer`, async () => {
      const outcome = await faulted([{ kind, times: 1, afterChunks: 3 }]);
      assert.equal(outcome.result?.answer, '19');
      if (kind !== 'malformedLine') assert.equal(outcome.result?.samples.failed, 1);
      await record(kind, `\`${kind}\` once, after 3 events`, outcome, kind === 'malformedLine' ? 'the chain fails, the others answer' : 'recovers: the other chains answer');
    });
  }

  test('stall mid-stream on every call: Ponder gives up after its stall limit', async () => {
    const outcome = await faulted([{ kind: 'stallMidStream' }]);
    assert.equal(outcome.result?.answer, undefined);
    assert.match(told(outcome), /went silent/);
    await record('stall mid-stream', '`stallMidStream` on every call (stall limit 300 ms)', outcome, 'ends cleanly, no answer');
  });

  test('an unknown model and a refused key', async () => {
    const unknown = new OpenAIModel({ baseUrl: `${standin.url}/v1`, model: 'nosuch' });
    try {
      const outcome = await faulted([], unknown);
      assert.match(describeModelError(outcome.error ?? outcome.result?.tree.nodes.map((n) => n.reason).join(' ')), /nosuch/);
      await record('model not found', '`--model nosuch`', outcome, 'ends cleanly with an error');
    } finally {
      await unknown.close();
    }
    const locked = await startStandin({ dialect: 'openai', apiKey: 'sk-matrix-key-123456' });
    const wrong = new OpenAIModel({ baseUrl: locked.url, model: 'qwen2.5:1.5b', apiKey: 'sk-matrix-wrong-654321' });
    try {
      const outcome = await (async () => {
        try {
          return { result: await solve(PROBLEM, { model: wrong, strategy: 'majority', samples: SAMPLES }, new AbortController().signal) };
        } catch (error) {
          return { error };
        }
      })();
      const told = describeModelError(outcome.error ?? new Error(outcome.result?.tree.nodes.map((n) => n.reason).join(' ')));
      assert.match(told, /refused Ponder's API key/);
      assert.doesNotMatch(told, /sk-matrix/);
      await record('API key refused', 'stand-in with `apiKey`, a wrong key sent', outcome, 'ends cleanly with an error; the key is in no message');
    } finally {
      await wrong.close();
      await locked.close();
    }
  });

  test('connection refused', async () => {
    const gone = await startStandin({ dialect: 'openai' });
    const url = gone.url;
    await gone.close();
    const nowhere = new OpenAIModel({ baseUrl: url, model: 'qwen2.5:1.5b' });
    try {
      const outcome = await faulted([], nowhere);
      const told = describeModelError(outcome.error ?? new Error(outcome.result?.tree.nodes.map((n) => n.reason).join(' ')));
      assert.match(told, /nothing is listening/);
      rows.push(`| connection refused | nothing listening at the base URL | ${cell(told.replaceAll(url, '<host>'))} | ${outcome.result ? 'kept' : 'every chain failed: solve() rejects with the error'} | ends cleanly with an error | yes |`);
    } finally {
      await nowhere.close();
    }
  });
});
