// The two parsers of thinking traces: the stand-in's port of Ollama's generic parser (cases from
// thinking/parser_test.go, v0.33.0-rc2), and the splitter Ponder applies to a raw continuation of an open
// trace; and the fallback that stops a trace at its budget.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TraceSplitter } from '../../../src/engine/model/ollama/trace-splitter';
import { stopAtBudget } from '../../../src/engine/model/stop-at-budget';
import type { GenerationEvent } from '../../../src/engine/model/types';
import { ThinkingParser } from '../../../src/standin/thinking-parser';

const parser = (): ThinkingParser => new ThinkingParser('<think>', '</think>');

test('Ollama\'s parser: whole inputs (TestExtractThinking)', () => {
  for (const [input, thinking, content] of [
    ['<think> internal </think> world', 'internal ', 'world'],
    ['<think>a</think><think>b</think>c', 'a', '<think>b</think>c'],
    ['no think', '', 'no think'],
  ] as const) {
    assert.deepEqual(parser().addContent(input), { thinking, content }, input);
  }
});

test('Ollama\'s parser: streamed pieces (TestThinkingStreaming)', () => {
  for (const [desc, steps] of [
    ['content without a thinking tag', [['  abc', '', '  abc'], ['def', '', 'def']]],
    ['content before a thinking tag nerfs the thinking tag', [['  abc <think>def</think> ghi', '', '  abc <think>def</think> ghi']]],
    ['building up a thinking tag partially', [['  <th', '', ''], ['in', '', ''], ['k>a', 'a', '']]],
    ['partial closing tag', [['<think>abc</th', 'abc', ''], ['ink>def', '', 'def']]],
    ['partial closing tag fakeout', [['<think>abc</th', 'abc', ''], ['ing>def', '</thing>def', '']]],
  ] as const) {
    const p = parser();
    for (const [input, thinking, content] of steps) assert.deepEqual(p.addContent(input), { thinking, content }, `${desc}: ${input}`);
  }
});

test('Ollama\'s parser: a prompt ending with the opening tag starts it inside the trace', () => {
  const p = parser();
  p.addContent('<think>');
  assert.deepEqual(p.addContent('\nabc</think>\n\nanswer'), { thinking: 'abc', content: 'answer' });
});

test('Ponder\'s splitter: the rest of an open trace, then the answer after the closing tag', () => {
  const s = new TraceSplitter('</think>');
  assert.deepEqual(s.add('more thought </th'), { thinking: 'more thought ', text: '' });
  assert.deepEqual(s.add('ink>'), { thinking: '', text: '' });
  assert.equal(s.closed, true);
  assert.deepEqual(s.add('\n\n'), { thinking: '', text: '' }, 'whitespace after the tag is dropped');
  assert.deepEqual(s.add('The answer'), { thinking: '', text: 'The answer' });
  assert.deepEqual(s.add(' is 4.'), { thinking: '', text: ' is 4.' });
});

test('Ponder\'s splitter: a held-back piece that never became the tag is thinking after all', () => {
  const s = new TraceSplitter('[/THINK]');
  assert.deepEqual(s.add('a [/TH'), { thinking: 'a ', text: '' });
  assert.equal(s.flush(), '[/TH');
  assert.equal(s.closed, false);
});

async function* events(list: readonly GenerationEvent[]): AsyncGenerator<GenerationEvent> {
  for (const event of list) {
    await Promise.resolve();
    yield event;
  }
}

const thought = (text: string): GenerationEvent => ({ type: 'chunk', text: '', thinking: text, logprobs: [] });
const said = (text: string): GenerationEvent => ({ type: 'chunk', text, thinking: '', logprobs: [] });
const done: Extract<GenerationEvent, { type: 'done' }> = {
  type: 'done',
  usage: { promptTokens: 9, generatedTokens: 5, totalDurationMs: 1, loadDurationMs: 0, promptEvalDurationMs: 0, evalDurationMs: 1, doneReason: 'stop' },
};

test('stopped at the budget: the stream is closed at the budget, with no answer, and says why', async () => {
  let closed = false;
  async function* source(): AsyncGenerator<GenerationEvent> {
    try {
      for (let i = 0; i < 100; i++) {
        await Promise.resolve();
        yield thought(`t${i} `);
      }
      yield done;
    } finally {
      closed = true;
    }
  }
  const out: GenerationEvent[] = [];
  const request = { messages: [], temperature: 0, maxTokens: 500, thinkingBudget: { maxTokens: 3 } };
  for await (const event of stopAtBudget(request, source(), 'why', new AbortController().signal)) out.push(event);
  assert.equal(closed, true, 'the request was closed');
  assert.equal(out.filter((e) => e.type === 'chunk').length, 3);
  const last = out.at(-1);
  assert.ok(last?.type === 'done');
  assert.deepEqual(last.thinkingOutcome, { tokens: 3, budget: 3, ending: 'stopped', extensions: 0, method: 'why' });
  assert.equal(last.usage.doneReason, 'length');
});

test('stopped at the budget: a trace within it passes through untouched (natural)', async () => {
  const request = { messages: [], temperature: 0, maxTokens: 500, thinkingBudget: { maxTokens: 3 } };
  const out: GenerationEvent[] = [];
  for await (const event of stopAtBudget(request, events([thought('a '), thought('b '), said('4'), done]), 'why', new AbortController().signal)) out.push(event);
  const last = out.at(-1);
  assert.ok(last?.type === 'done');
  assert.deepEqual(last.usage, done.usage);
  assert.deepEqual(last.thinkingOutcome, { tokens: 2, budget: 3, ending: 'natural', extensions: 0, method: 'why' });
});
