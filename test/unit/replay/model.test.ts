import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectGeneration } from '../../../src/engine/model/collect';
import type { RecordedProblem } from '../../../src/engine/model/replay';
import { parseRecordedLines, replayCannotRun, ReplayExhaustedError, ReplayModel, replayOrder, ReplayUnsupportedError, shuffledIndices, seededRandom } from '../../../src/engine/model/replay';
import type { GenerationRequest } from '../../../src/engine/model/types';
import { solveMessages, STEP_DELIMITER } from '../../../src/engine/prompts/solve';
import { verifyMessages } from '../../../src/engine/prompts/verify';

function problems(): RecordedProblem[] {
  const samples = (n: number, tokens: number | null): unknown[] =>
    Array.from({ length: n }, (_, i) => ({ answer: String(i % 3), correct: i % 3 === 0, tokens, score: i / 10, chars: 80 + i, text: `Step one.\n\nSo the answer is \\boxed{${i % 3}} (sample ${i})` }));
  const text = [
    JSON.stringify({ id: 'p1', problem: 'What is <problem>1 + 1</problem>?', gold: '2', samples: samples(6, 30) }),
    JSON.stringify({ id: 'p2', problem: 'A second problem', gold: '0', samples: samples(3, null) }),
  ].join('\n');
  return parseRecordedLines(text).problems;
}

const request = (problem: string, extra: Partial<GenerationRequest> = {}): GenerationRequest => ({
  messages: solveMessages(problem),
  temperature: 0.7,
  maxTokens: 1000,
  ...extra,
});

describe('seeded orders', () => {
  test('are permutations, the same for the same seed and different across repeats', () => {
    const a = replayOrder(1, 'p', 0, 50);
    assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
    assert.deepEqual(replayOrder(1, 'p', 0, 50), a);
    assert.notDeepEqual(replayOrder(1, 'p', 1, 50), a);
    assert.notDeepEqual(replayOrder(2, 'p', 0, 50), a);
  });
  test('every position is about equally likely (no shuffle bias)', () => {
    const counts = Array.from({ length: 4 }, () => 0);
    const random = seededRandom('bias');
    for (let i = 0; i < 8000; i++) {
      const first = shuffledIndices(4, random)[0] ?? 0;
      counts[first] = (counts[first] ?? 0) + 1;
    }
    for (const c of counts) assert.ok(Math.abs(c - 2000) < 200, `first position counts ${counts.join(', ')}`);
  });
});

describe('the replay model', () => {
  test('serves a problem\'s samples in the seeded order, without replacement, charging recorded tokens', async () => {
    const recorded = problems();
    const model = new ReplayModel(recorded, { seed: 7 });
    const p1 = recorded[0] as RecordedProblem;
    const order = replayOrder(7, 'p1', 0, 6);
    const served: string[] = [];
    for (let i = 0; i < 6; i++) {
      const generation = await collectGeneration(model.generate(request(p1.problem), AbortSignal.timeout(5000)));
      served.push(generation.text);
      assert.equal(generation.usage.generatedTokens, 30);
    }
    assert.deepEqual(served, order.map((i) => p1.samples[i]?.text));
    assert.equal(new Set(served).size, 6);
    assert.equal(model.remaining(p1.problem), 0);
    await assert.rejects(collectGeneration(model.generate(request(p1.problem), AbortSignal.timeout(5000))), ReplayExhaustedError);
  });
  test('a new repeat starts a new order', async () => {
    const recorded = problems();
    const model = new ReplayModel(recorded, { seed: 7 });
    model.startRepeat(3);
    const first = await collectGeneration(model.generate(request('A second problem'), AbortSignal.timeout(5000)));
    const expected = recorded[1]?.samples[replayOrder(7, 'p2', 3, 3)[0] ?? -1];
    assert.equal(first.text, expected?.text);
    assert.equal(first.usage.generatedTokens, expected?.tokens); // characters ÷ 4: no token counts in the file
  });
  test('exposes the recorded answer, correctness and verifier score of what it served', async () => {
    const model = new ReplayModel(problems(), { seed: 1 });
    const generation = await collectGeneration(model.generate(request('A second problem'), AbortSignal.timeout(5000)));
    const sample = model.recorded('A second problem', generation.text);
    assert.ok(sample);
    assert.equal(typeof sample.score, 'number');
    assert.equal(sample.correct, sample.answer === '0');
  });
  test('refuses step-level generation with a clear error', async () => {
    const model = new ReplayModel(problems(), { seed: 1 });
    const prefill = { messages: solveMessages('A second problem', ['Step one.']), temperature: 0.7, maxTokens: 100 };
    await assert.rejects(collectGeneration(model.generate(prefill, AbortSignal.timeout(5000))), (e: unknown) => e instanceof ReplayUnsupportedError && /whole recorded samples/.test(e.message));
    const stepwise = request('A second problem', { stop: [STEP_DELIMITER] });
    await assert.rejects(collectGeneration(model.generate(stepwise, AbortSignal.timeout(5000))), ReplayUnsupportedError);
    assert.equal(replayCannotRun('beam search').message, 'replay cannot run beam search: it serves whole recorded samples');
  });
  test('refuses other prompts and unknown problems', async () => {
    const model = new ReplayModel(problems(), { seed: 1 });
    const judge = { messages: verifyMessages('A second problem', ['Step one.'], 0), temperature: 0, maxTokens: 1 };
    await assert.rejects(collectGeneration(model.generate(judge, AbortSignal.timeout(5000))), /cannot answer other prompts/);
    await assert.rejects(collectGeneration(model.generate(request('Never recorded'), AbortSignal.timeout(5000))), /no recorded samples for this problem/);
  });
  test('finds a problem whose text holds tag look-alikes', async () => {
    const model = new ReplayModel(problems(), { seed: 1 });
    const generation = await collectGeneration(model.generate(request('What is <problem>1 + 1</problem>?'), AbortSignal.timeout(5000)));
    assert.match(generation.text, /sample \d/);
  });
  test('stops when its signal is aborted', async () => {
    const model = new ReplayModel(problems(), { seed: 1 });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(collectGeneration(model.generate(request('A second problem'), controller.signal)), { name: 'AbortError' });
    assert.equal(model.remaining('A second problem'), 3);
    const caps = await model.capabilities(AbortSignal.timeout(1000));
    assert.equal(caps.logprobs, false);
  });
});
