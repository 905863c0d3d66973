// A problem that does not fit the model's real context is never solved cut: each path by which Ollama
// would cut it ends in a ContextOverflowError naming the context the model really has.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContextOverflowError } from '../../../src/engine/model/errors';
import { OllamaModel } from '../../../src/engine/model/ollama';
import type { ChatMessage } from '../../../src/engine/model/types';
import type { StandinOptions } from '../../../src/standin';
import { DEFAULT_MODELS, startStandin } from '../../../src/standin';
import { run, scriptedRespond } from './helpers';

const TINY = { ...DEFAULT_MODELS[0]!, name: 'tiny:0.1b', contextLength: 200 };
const longProblem = `A farmer has ${Array.from({ length: 120 }, (_, i) => `field${i}`).join(' ')} fields. How many are there?`;
const conversation = (problem: string): ChatMessage[] => [
  { role: 'system', content: 'Solve the problem step by step.' },
  { role: 'user', content: problem },
  { role: 'assistant', content: 'Step one: count.' },
];

async function overflowOn(options: StandinOptions, messages: readonly ChatMessage[]): Promise<{ error: unknown; generations: number }> {
  const standin = await startStandin({ models: [TINY], respond: scriptedRespond(['Yes', '.']), ...options });
  const model = new OllamaModel({ host: standin.url, model: TINY.name, numCtx: 8192 });
  try {
    const error = await run(model, { messages, temperature: 0, maxTokens: 8 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    return { error, generations: standin.stats().generationsCompleted };
  } finally {
    await model.close();
    await standin.close();
  }
}

function assertOverflow(error: unknown): asserts error is ContextOverflowError {
  assert.ok(error instanceof ContextOverflowError, `expected a ContextOverflowError, got ${String(error)}`);
  assert.equal(error.contextLength, TINY.contextLength, 'the trained context from /api/show, not num_ctx 8192');
  assert.match(error.message, /\(200 tokens\)/);
  assert.match(error.message, /Shorten the problem/);
}

describe('Ollama adapter: a prompt longer than the context', () => {
  for (const version of ['0.13.0', '0.32.15']) {
    test(`${version}: truncate false is sent, the server refuses, and the 400 is a context overflow`, async () => {
      const { error, generations } = await overflowOn({ version }, conversation(longProblem));
      assertOverflow(error);
      assert.match(error.message, /the server said/);
      assert.equal(generations, 0);
    });
  }

  test('0.12.6 (no truncate field): refused before sending, on an estimate of the prompt', async () => {
    const { error, generations } = await overflowOn({ version: '0.12.6' }, conversation(longProblem));
    assertOverflow(error);
    assert.match(error.message, /by Ponder's estimate/);
    assert.equal(generations, 0);
  });

  test('0.12.6, a prompt the estimate lets through but the server cuts: the full context gives it away', async () => {
    // One token per character: the server counts three times what Ponder estimates.
    const problem = 'x'.repeat(400);
    const { error, generations } = await overflowOn({ version: '0.12.6', tokenize: (text) => Array.from(text) }, [{ role: 'user', content: problem }]);
    assertOverflow(error);
    assert.match(error.message, /fills the context/);
    assert.equal(generations, 1);
  });

  test('a prompt that fits is answered as before', async () => {
    const { error, generations } = await overflowOn({}, conversation('What is 2 + 2?'));
    assert.equal(error, undefined);
    assert.equal(generations, 1);
  });
});
