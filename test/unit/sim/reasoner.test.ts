import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_MODEL_MESSAGE } from '../../../src/engine/model/sim/mode-demo';
import { generateProblems } from '../../../src/engine/model/sim/problems';
import { respond } from '../../../src/engine/model/sim/reasoner';
import { tokenize } from '../../../src/engine/model/sim/tokenizer';
import { solveMessages, STEP_DELIMITER } from '../../../src/engine/prompts/solve';
import { thinkingText, visibleText } from './helpers';

const PROBLEM = 'Mia has 40 pencils. She buys 12 more pencils. She gets 3 boxes of 15 pencils. She gives away 9 pencils. How many pencils does Mia have now?';

test('the same seed gives the same tokens, log-probabilities included', () => {
  const request = { messages: solveMessages(PROBLEM), temperature: 1, seed: 42, maxTokens: -1, topLogprobs: 5, think: true };
  assert.deepEqual(respond(request), respond(request));
});

test('different seeds give different samples at a high temperature', () => {
  const texts = new Set<string>();
  for (let seed = 0; seed < 40; seed++) {
    texts.add(visibleText(respond({ messages: solveMessages(PROBLEM), temperature: 1.2, seed, maxTokens: -1 })));
  }
  assert.ok(texts.size >= 3, `only ${texts.size} distinct chains in 40 samples`);
});

test('a request without a seed still answers, in the same format', () => {
  const text = visibleText(respond({ messages: solveMessages('What is 2 + 3 * 4?'), temperature: 0, maxTokens: -1 }));
  assert.match(text, /\\boxed\{\d+\}$/u);
});

test('generation stops before the first stop string, which is not included', () => {
  const full = visibleText(respond({ messages: solveMessages(PROBLEM), temperature: 0, seed: 1, maxTokens: -1 }));
  const cut = respond({ messages: solveMessages(PROBLEM), temperature: 0, seed: 1, maxTokens: -1, stop: [STEP_DELIMITER] });
  assert.equal(cut.doneReason, 'stop');
  assert.equal(visibleText(cut), full.slice(0, full.indexOf(STEP_DELIMITER)));
  const mid = respond({ messages: solveMessages(PROBLEM), temperature: 0, seed: 1, maxTokens: -1, stop: ['more, so'] });
  assert.equal(visibleText(mid), full.slice(0, full.indexOf('more, so')));
});

test('maxTokens caps the output exactly, thinking included, with doneReason length', () => {
  const request = { messages: solveMessages(PROBLEM), temperature: 0, seed: 3, think: true };
  const full = respond({ ...request, maxTokens: -1 });
  assert.equal(full.doneReason, 'stop');
  for (const cap of [0, 1, 7, full.tokens.length - 1]) {
    const capped = respond({ ...request, maxTokens: cap });
    assert.equal(capped.tokens.length, cap);
    assert.equal(capped.doneReason, 'length');
    assert.deepEqual(capped.tokens, full.tokens.slice(0, cap));
  }
  assert.equal(respond({ ...request, maxTokens: full.tokens.length }).doneReason, 'stop');
});

test('thinking comes first, flagged, and only when asked for', () => {
  const withThinking = respond({ messages: solveMessages(PROBLEM), temperature: 0, seed: 5, maxTokens: -1, think: true });
  const without = respond({ messages: solveMessages(PROBLEM), temperature: 0, seed: 5, maxTokens: -1 });
  assert.ok(thinkingText(withThinking).length > 40);
  assert.equal(thinkingText(without), '');
  const firstVisible = withThinking.tokens.findIndex((t) => !t.thinking);
  assert.ok(withThinking.tokens.slice(firstVisible).every((t) => !t.thinking), 'no thinking after the answer starts');
  assert.equal(visibleText(withThinking), visibleText(without));
});

test('tokens follow the tokenizer and carry the requested number of alternatives, the chosen one among them', () => {
  const response = respond({ messages: solveMessages(PROBLEM), temperature: 0.7, seed: 9, maxTokens: -1, topLogprobs: 4 });
  const text = visibleText(response);
  assert.deepEqual(response.tokens.map((t) => t.text), tokenize(text));
  for (const token of response.tokens) {
    assert.equal(token.top.length, 4);
    assert.ok(token.logprob <= 0);
    assert.ok(token.top.some((t) => t.token === token.text && t.logprob === token.logprob));
    for (let i = 1; i < token.top.length; i++) assert.ok((token.top[i - 1]?.logprob ?? 0) >= (token.top[i]?.logprob ?? 0));
    const mass = token.top.reduce((sum, t) => sum + Math.exp(t.logprob), 0);
    assert.ok(mass <= 1 + 1e-9, `alternatives sum to ${mass}`);
  }
  const full = respond({ messages: solveMessages(PROBLEM), temperature: 0.7, seed: 9, maxTokens: -1, topLogprobs: 20, think: true });
  assert.ok(full.tokens.every((t) => t.top.length === 20 && new Set(t.top.map((a) => a.token)).size === 20));
  const none = respond({ messages: solveMessages(PROBLEM), temperature: 0.7, seed: 9, maxTokens: -1 });
  assert.ok(none.tokens.every((t) => t.top.length === 0));
});

test('at temperature 0 every written token is the most likely one, traps included', () => {
  for (const [i, p] of generateProblems({ count: 150, seed: 12, difficulty: 5 }).entries()) {
    const response = respond({ messages: solveMessages(p.problem), temperature: 0, seed: i, maxTokens: -1, topLogprobs: 5 });
    for (const token of response.tokens) assert.equal(token.top[0]?.token, token.text, p.problem);
  }
});

test('anything it cannot solve gets the plain demo-model message and no answer', () => {
  const unknown = [
    'Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning. How much does she make every day?',
    'Prove that there are infinitely many primes.',
    'What is 2.5 + 1?',
    'What is 5 / (3 - 3)?',
  ];
  for (const problem of unknown) {
    const text = visibleText(respond({ messages: solveMessages(problem), temperature: 0.7, seed: 1, maxTokens: -1 }));
    assert.equal(text, DEMO_MODEL_MESSAGE, problem);
    assert.doesNotMatch(text, /\\boxed/u);
  }
  // No <problem> section at all (someone chatting with the demo model).
  const chat = respond({ messages: [{ role: 'user', content: 'hello, who are you?' }], temperature: 0.7, seed: 1, maxTokens: -1 });
  assert.equal(visibleText(chat), DEMO_MODEL_MESSAGE);
  assert.doesNotMatch(DEMO_MODEL_MESSAGE, /\n/u);
  assert.match(DEMO_MODEL_MESSAGE, /simulated demo model of Ponder/u);
});

test('a bad configuration is refused', () => {
  const request = { messages: solveMessages('What is 1 + 1?'), temperature: 0, maxTokens: -1 };
  assert.throws(() => respond(request, { stepErrorRate: 2 }), RangeError);
  assert.throws(() => respond(request, { judgeAccuracy: 0.95, judgeLeniency: 0.1 }), RangeError);
});
