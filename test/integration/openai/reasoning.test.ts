// A thinking model over the OpenAI dialect, as vLLM serves one with a reasoning parser: the trace streams
// as `reasoning` (or the older `reasoning_content`) and the answer as `content`, Qwen3's
// `enable_thinking: false` turns it off, and the OpenAI backend's thinking budget stops the stream at the
// budget over HTTP — the request closed at the server, the outcome `stopped` with the reason.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { OpenAIModel } from '../../../src/engine/model/openai';
import type { GenerationRequest, ThinkingOutcome } from '../../../src/engine/model/types';
import { solveMessages } from '../../../src/engine/prompts/solve';
import { startStandin } from '../../../src/standin';
import type { Standin } from '../../../src/standin';
import { recordingIo } from '../../support/cli-io';

const ask = (extra: Partial<GenerationRequest> = {}): GenerationRequest => ({
  messages: solveMessages('What is (17*23)+5-9?'),
  temperature: 0.8,
  seed: 1,
  maxTokens: 600,
  ...extra,
});

interface Run {
  text: string;
  thinking: string;
  thinkingChunks: number;
  outcome: ThinkingOutcome | undefined;
  doneReason: string;
}

async function run(model: OpenAIModel, request: GenerationRequest): Promise<Run> {
  const out: Run = { text: '', thinking: '', thinkingChunks: 0, outcome: undefined, doneReason: '' };
  for await (const event of model.generate(request, new AbortController().signal)) {
    if (event.type === 'done') {
      out.outcome = event.thinkingOutcome;
      out.doneReason = event.usage.doneReason;
      return out;
    }
    out.text += event.text;
    if (event.thinking) {
      out.thinking += event.thinking;
      out.thinkingChunks += 1;
    }
  }
  throw new Error('no done event');
}

async function rawChat(standin: Standin, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${standin.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'qwen3:1.7b', messages: solveMessages('What is (17*23)+5-9?'), seed: 1, max_tokens: 600, ...body }),
  });
  return response.text();
}

describe('a thinking model over the OpenAI dialect (vLLM with a reasoning parser)', () => {
  let standin: Standin;
  let model: OpenAIModel;
  before(async () => {
    standin = await startStandin({ dialect: 'openai', parallel: 2 });
    model = new OpenAIModel({ baseUrl: `${standin.url}/v1`, model: 'qwen3:1.7b' });
  });
  after(async () => {
    await model.close();
    await standin.close();
  });

  test('the trace streams as delta.reasoning, the answer as delta.content; non-streaming as message.reasoning', async () => {
    const stream = await rawChat(standin, { stream: true });
    const deltas = stream
      .split('\n\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { choices: { delta?: Record<string, unknown> }[] }).choices[0]?.delta ?? {});
    const reasoning = deltas.filter((d) => typeof d.reasoning === 'string');
    assert.ok(reasoning.length > 5, `${reasoning.length} reasoning deltas`);
    assert.ok(deltas.every((d) => !('reasoning' in d && 'content' in d)), 'a token is reasoning or content, not both');
    assert.ok(!stream.includes('reasoning_content'), 'the current field name only');
    const whole = JSON.parse(await rawChat(standin, {})) as { choices: { message: { content: string; reasoning: string | null } }[] };
    const message = whole.choices[0]?.message;
    assert.ok(message?.reasoning && message.reasoning.length > 20, JSON.stringify(message));
    assert.match(message.content, /\\boxed\{387\}/);
    assert.ok(!message.content.includes(message.reasoning), 'the trace is not repeated in the content');
  });

  test('the capability probe sees the model think (its first token is reasoning); a plain model does not', async () => {
    const capabilities = await model.capabilities(new AbortController().signal);
    assert.deepEqual([capabilities.thinking, capabilities.thinksByDefault], [true, true]);
    const plain = new OpenAIModel({ baseUrl: `${standin.url}/v1`, model: 'qwen2.5:1.5b' });
    try {
      const other = await plain.capabilities(new AbortController().signal);
      assert.deepEqual([other.thinking, other.thinksByDefault], [false, undefined]);
    } finally {
      await plain.close();
    }
  });

  test('ponder solve --backend openai --think-budget: every sample stopped at the budget, and the run says why', async () => {
    const io = recordingIo();
    const code = await main(['solve', '--backend', 'openai', '--base-url', `${standin.url}/v1`, '--model', 'qwen3:1.7b', '--think-budget', '8', '--strategy', 'majority', '--samples', '2', '--json', 'What is (17*23)+5-9?'], io);
    // Every sample's trace was stopped, not closed, so no sample has text: the run fails with the reason and
    // what would let the model answer, as any run whose every generation failed does.
    assert.equal(code, 1, io.out());
    assert.match(io.err(), /thinking reached its thinking budget of 8 tokens/);
    assert.match(io.err(), /an OpenAI-compatible chat cannot continue a cut trace/);
    assert.match(io.err(), /A larger budget, or a model Ponder can force/);
  });

  test('the backend reads the trace as thinking and the answer as text', async () => {
    const result = await run(model, ask());
    assert.ok(result.thinkingChunks > 5, `${result.thinkingChunks} thinking chunks`);
    assert.match(result.text, /\\boxed\{387\}/);
    assert.ok(!result.text.includes(result.thinking.trim()), 'text without the trace');
  });

  test('enable_thinking false (think: false) gives content only, as Qwen3\'s parser does', async () => {
    const result = await run(model, ask({ think: false }));
    assert.equal(result.thinking, '');
    assert.match(result.text, /\\boxed\{387\}/);
  });

  test('a thinking budget stops the stream at the budget: the request closed, the outcome stopped with the reason', async () => {
    const { generationsAborted, generationsCompleted } = standin.stats();
    const result = await run(model, ask({ think: true, thinkingBudget: { maxTokens: 8 } }));
    assert.equal(result.thinkingChunks, 8);
    assert.equal(result.text, '', 'no answer: the trace could not be closed and continued');
    assert.deepEqual([result.outcome?.ending, result.outcome?.tokens, result.outcome?.budget], ['stopped', 8, 8]);
    assert.match(result.outcome?.method ?? '', /stopped at the budget: an OpenAI-compatible chat cannot continue a cut trace/);
    assert.equal(result.doneReason, 'length');
    const closed = await standin.waitFor((s) => s.openRequests === 0 && s.activeGenerations === 0);
    assert.equal(closed.generationsAborted, generationsAborted + 1, 'the server saw the request closed');
    assert.equal(closed.generationsCompleted, generationsCompleted);
  });

  test('a budget above the trace lets it end naturally and the model answers', async () => {
    const result = await run(model, ask({ think: true, thinkingBudget: { maxTokens: 500 } }));
    assert.equal(result.outcome?.ending, 'natural');
    assert.ok((result.outcome?.tokens ?? 0) > 5 && (result.outcome?.tokens ?? 0) <= 500);
    assert.match(result.text, /\\boxed\{387\}/);
  });
});

describe('the older reasoning_content field', () => {
  test('served with reasoningField "reasoning_content", the backend reads the trace just the same', async () => {
    const standin = await startStandin({ dialect: 'openai', reasoningField: 'reasoning_content' });
    const model = new OpenAIModel({ baseUrl: `${standin.url}/v1`, model: 'qwen3:1.7b' });
    try {
      const stream = await rawChat(standin, { stream: true });
      assert.match(stream, /"delta":\{"reasoning_content":"/);
      assert.doesNotMatch(stream, /"reasoning":/);
      const result = await run(model, ask({ think: true, thinkingBudget: { maxTokens: 6 } }));
      assert.deepEqual([result.thinkingChunks, result.outcome?.ending], [6, 'stopped']);
    } finally {
      await model.close();
      await standin.close();
    }
  });
});
