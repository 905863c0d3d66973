// OllamaModel over real HTTP, with the real `ollama` client, against the stand-in: streaming, thinking,
// log-probabilities, usage, feature detection and the model-picker helpers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OllamaClient, OllamaModel } from '../../../src/engine/model/ollama';
import type { GenerationEvent } from '../../../src/engine/model/types';
import { ModelNotFoundError, BadRequestError } from '../../../src/engine/model/errors';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { ask, failure, run, scriptedRespond } from './helpers';

const ANSWER = ['The', ' answer', ' is', ' 42', '.'];
const THOUGHT = ['Let', ' me', ' think', '.'];
const never = new AbortController().signal;

// A suite, so its after() hook closes everything before the leak check of test/support/setup.ts runs.
describe('OllamaModel against the stand-in', () => {
  let standin: Standin;
  let model: OllamaModel;

  before(async () => {
    standin = await startStandin({ parallel: 2, respond: scriptedRespond(ANSWER, THOUGHT), pullBytesPerSecond: 2e10, pullTickMs: 10 });
    model = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b', numCtx: 4096 });
  });

  after(async () => {
    await model.close();
    await standin.close();
  });

  test('streams the answer chunk by chunk and ends with usage', async () => {
    const events: GenerationEvent[] = [];
    for await (const event of model.generate(ask('What is 6 * 7?'), never)) events.push(event);
    const chunks = events.filter((e) => e.type === 'chunk');
    assert.deepEqual(
      chunks.map((e) => e.text),
      // A model without the thinking capability gets its thinking tokens as plain text.
      [...THOUGHT, ...ANSWER],
    );
    const last = events.at(-1);
    assert.equal(last?.type, 'done');
    if (last?.type !== 'done') return;
    assert.equal(last.usage.generatedTokens, THOUGHT.length + ANSWER.length);
    assert.ok(last.usage.promptTokens > 0);
    assert.equal(last.usage.doneReason, 'stop');
    assert.ok(last.usage.totalDurationMs > 0 && last.usage.totalDurationMs < 10_000, 'nanoseconds became milliseconds');
    assert.ok(last.usage.evalDurationMs <= last.usage.totalDurationMs);
  });

  test('a thinking model returns its thinking separately', async () => {
    const thinker = new OllamaModel({ host: standin.url, model: 'qwen3:1.7b', client: model.client });
    const generation = await run(thinker, ask('What is 6 * 7?', { think: true }));
    assert.equal(generation.thinking, THOUGHT.join(''));
    assert.equal(generation.text, ANSWER.join(''));
    assert.equal(generation.usage.generatedTokens, THOUGHT.length + ANSWER.length, 'thinking tokens count too');
  });

  test('log-probabilities come with their alternatives, one entry per generated token', async () => {
    const generation = await run(model, ask('What is 6 * 7?', { model: 'qwen3:1.7b', think: true, logprobs: true, topLogprobs: 2 }));
    assert.equal(generation.logprobs.length, THOUGHT.length + ANSWER.length);
    const first = generation.logprobs[0];
    assert.deepEqual(first, {
      token: 'Let',
      logprob: -0.25,
      topLogprobs: [
        { token: 'Let', logprob: -0.25 },
        { token: '¿', logprob: -3.5 },
      ],
    });
    const plain = await run(model, ask('What is 6 * 7?', { logprobs: true }));
    assert.equal(plain.logprobs[0]?.topLogprobs, undefined, 'no alternatives unless asked');
    const none = await run(model, ask('What is 6 * 7?'));
    assert.equal(none.logprobs.length, 0, 'no log-probabilities unless asked');
  });

  test('maxTokens caps the generation and is reported as "length"', async () => {
    const generation = await run(model, ask('What is 6 * 7?', { maxTokens: 3 }));
    assert.equal(generation.text, THOUGHT.slice(0, 3).join(''));
    assert.equal(generation.usage.generatedTokens, 3);
    assert.equal(generation.usage.doneReason, 'length');
  });

  test('a bad request reports the server\'s reason', async () => {
    const tooMany = await failure(run(model, ask('x', { logprobs: true, topLogprobs: 25 })));
    assert.ok(tooMany instanceof BadRequestError, String(tooMany));
    assert.match(tooMany.message, /top_logprobs must be between 0 and 20/);
    const cannotThink = await failure(run(model, ask('x', { think: true })));
    assert.ok(cannotThink instanceof BadRequestError);
    assert.match(cannotThink.message, /does not support thinking/);
  });

  test('a model that is not pulled says how to pull it', async () => {
    const missing = new OllamaModel({ host: standin.url, model: 'llama9:70b', client: model.client });
    const err = await failure(run(missing, ask('x')));
    assert.ok(err instanceof ModelNotFoundError, String(err));
    assert.match(err.message, /`ollama pull llama9:70b`/);
    const lookup = await failure(missing.capabilities(never));
    assert.ok(lookup instanceof ModelNotFoundError);
  });

  test('capabilities come from the version and the model, and are cached', async (t) => {
    const fresh = new OllamaModel({ host: standin.url, model: 'qwen2.5:1.5b' });
    t.after(() => fresh.close());
    const requestsBefore = standin.stats().totalRequests;
    const thinking = await fresh.capabilities(never, 'qwen3:1.7b');
    assert.deepEqual(
      { ...thinking },
      {
        version: '0.32.15',
        logprobs: true,
        thinking: true,
        thinksByDefault: true,
        thinkingAlwaysOn: false,
        thinkLevels: true,
        features: ['completion', 'thinking'],
        // Read from the template /api/show reports: Ponder can render it, so a thinking budget is forced.
        forcing: { kind: 'template', template: 'qwen3' },
        contextLength: 40960,
      },
    );
    const plain = await fresh.capabilities(never);
    assert.equal(plain.thinking, false);
    assert.equal(plain.contextLength, 32768);
    const afterFirst = standin.stats().totalRequests;
    assert.equal(afterFirst - requestsBefore, 3, 'one version and two show requests');
    await fresh.capabilities(never, 'qwen3:1.7b');
    await fresh.capabilities(never);
    assert.equal(standin.stats().totalRequests, afterFirst, 'answered from the cache');
  });

  test('an older server is detected: no logprobs before 0.12.11, no think levels before 0.11', async () => {
    for (const [version, logprobs, thinkLevels] of [
      ['0.12.10', false, true],
      ['0.10.1', false, false],
      ['0.12.11', true, true],
    ] as const) {
      const old = await startStandin({ version });
      const oldModel = new OllamaModel({ host: old.url, model: 'qwen3:1.7b' });
      try {
        const caps = await oldModel.capabilities(never);
        assert.equal(caps.version, version);
        assert.equal(caps.logprobs, logprobs, `logprobs on ${version}`);
        assert.equal(caps.thinkLevels, thinkLevels, `think levels on ${version}`);
      } finally {
        await oldModel.close();
        await old.close();
      }
    }
  });

  test('the model picker helpers list, show and pull models', async () => {
    const listed = await model.client.listModels(never);
    assert.deepEqual(
      listed.map((m) => m.name),
      ['qwen2.5:1.5b', 'qwen3:1.7b'],
    );
    assert.deepEqual(
      { ...listed[1], modifiedAt: undefined },
      { name: 'qwen3:1.7b', size: 1_359_293_444, family: 'qwen3', parameterSize: '2.0B', quantization: 'Q4_K_M', modifiedAt: undefined },
    );
    const shown = await model.client.showModel('qwen3:1.7b', never);
    assert.deepEqual(shown, {
      name: 'qwen3:1.7b',
      family: 'qwen3',
      parameterSize: '2.0B',
      quantization: 'Q4_K_M',
      capabilities: ['completion', 'thinking'],
      thinking: true,
      contextLength: 40960,
    });

    const statuses: string[] = [];
    let sawBytes = false;
    await model.client.pullModel(
      'qwen2-math:1.5b',
      (progress) => {
        statuses.push(progress.status);
        if (progress.total !== undefined && progress.completed !== undefined && progress.completed <= progress.total) sawBytes = true;
      },
      never,
    );
    assert.equal(statuses[0], 'pulling manifest');
    assert.equal(statuses.at(-1), 'success');
    assert.ok(sawBytes, 'download progress carries completed/total');
    const names = (await model.client.listModels(never)).map((m) => m.name);
    assert.ok(names.includes('qwen2-math:1.5b'));
  });

  test('aborting a pull closes its request and ends with an AbortError', async () => {
    const slow = await startStandin({ pullBytesPerSecond: 1e8, pullTickMs: 5 });
    const client = new OllamaClient({ host: slow.url });
    try {
      const controller = new AbortController();
      let lines = 0;
      const err = await failure(
        client.pullModel(
          'qwen2-math:1.5b',
          () => {
            if (++lines === 3) controller.abort();
          },
          controller.signal,
        ),
      );
      assert.equal((err as Error).name, 'AbortError');
      await slow.waitFor((s) => s.openRequests === 0 && s.pullsAborted === 1, 1000);
      assert.equal(slow.stats().pullsCompleted, 0);
    } finally {
      await client.close();
      await slow.close();
    }
  });

  test('pulling a model the registry does not have fails with the server\'s message', async () => {
    const err = await failure(model.client.pullModel('nonexistent-model:1b', () => undefined, never));
    assert.ok(err instanceof Error);
    assert.match(err.message, /failed while pulling "nonexistent-model:1b": pull model manifest: file does not exist/);
  });
});
