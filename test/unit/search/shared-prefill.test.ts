// SharedPrefillBatch: members whose requests differ only by consecutive seeds go out as one request with
// `n`; a member that settles without calling the model splits the run; a request that differs otherwise
// goes out alone. Each member reads its own sample.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GenerationEvent, GenerationRequest, LanguageModel } from '../../../src/engine/model/types';
import { SharedPrefillBatch } from '../../../src/engine/search/shared-prefill';

const USAGE = { promptTokens: 0, generatedTokens: 1, totalMs: 0, promptMs: 0, generateMs: 0, doneReason: 'stop' } as unknown as Extract<GenerationEvent, { type: 'done' }>['usage'];

async function* one(text: string): AsyncIterable<GenerationEvent> {
  await Promise.resolve();
  yield { type: 'chunk', text, thinking: '', logprobs: [] };
  yield { type: 'done', usage: USAGE };
}

function fakeModel(calls: string[]): LanguageModel & Required<Pick<LanguageModel, 'generateStreams'>> {
  return {
    label: 'fake',
    capabilities: () => Promise.resolve({ logprobs: true, thinking: false }),
    generate: (request: GenerationRequest) => {
      calls.push(`generate seed ${request.seed}`);
      return one(`seed ${request.seed}`);
    },
    generateStreams: (request: GenerationRequest, n: number) => {
      calls.push(`n=${n} from seed ${request.seed}`);
      return Array.from({ length: n }, (_, i) => one(`seed ${(request.seed ?? 0) + i}`));
    },
  };
}

async function text(stream: AsyncIterable<GenerationEvent>): Promise<string> {
  let out = '';
  for await (const event of stream) if (event.type === 'chunk') out += event.text;
  return out;
}

const ask = (seed: number, maxTokens = 100): GenerationRequest => ({ messages: [{ role: 'user', content: 'q' }], temperature: 0.8, seed, maxTokens });

test('consecutive seeds of one prompt: one request; each member reads its own sample', async () => {
  const calls: string[] = [];
  const batch = new SharedPrefillBatch(fakeModel(calls), 3);
  const signal = new AbortController().signal;
  const texts = await Promise.all([0, 1, 2].map((i) => text(batch.member(i).generate(ask(10 + i), signal))));
  assert.deepEqual(texts, ['seed 10', 'seed 11', 'seed 12']);
  assert.deepEqual(calls, ['n=3 from seed 10']);
});

test('a member that settles without a request splits the run; a different request goes alone', async () => {
  const calls: string[] = [];
  const batch = new SharedPrefillBatch(fakeModel(calls), 5);
  const signal = new AbortController().signal;
  const reads = [0, 1, 3].map((i) => text(batch.member(i).generate(ask(20 + i), signal)));
  reads.push(text(batch.member(4).generate(ask(24, 50), signal)));
  batch.settle(2);
  assert.deepEqual(await Promise.all(reads), ['seed 20', 'seed 21', 'seed 23', 'seed 24']);
  assert.deepEqual(calls, ['n=2 from seed 20', 'generate seed 23', 'generate seed 24']);
  assert.deepEqual(batch.sent, [2, 1, 1]);
});
