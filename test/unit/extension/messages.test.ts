import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authFailedMessage, BUTTONS, notAnsweringMessage, openaiNotAnsweringMessage, outcomeMessage } from '../../../src/extension/messages';
import type { SolveResultParams } from '../../../src/protocol/lsp';

const base: SolveResultParams = {
  runId: 'r1',
  answer: null,
  confidence: 0,
  strategy: 'adaptive',
  usage: { promptTokens: 10, generatedTokens: 120, calls: 4, wallMs: 300, tokenCap: 16384 },
  stopReason: 'no-answer',
  cancelled: false,
};

test('the first toast is one sentence without Markdown, naming the host and the remote machine when there is one', () => {
  const local = notAnsweringMessage('http://127.0.0.1:11434', undefined);
  assert.equal(local, 'Ponder: Ollama is not answering at http://127.0.0.1:11434; start it, or try the demo model.');
  assert.doesNotMatch(local, /`/);
  assert.equal(local.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 1).length, 1, local);
  assert.match(notAnsweringMessage('http://127.0.0.1:11434', 'WSL'), /at http:\/\/127\.0\.0\.1:11434 on WSL;/);
});

test('an OpenAI-compatible server: one sentence, no Markdown, no Ollama, naming the server and the setting that holds its address', () => {
  const down = openaiNotAnsweringMessage('http://127.0.0.1:8000/v1');
  const refused = authFailedMessage('http://127.0.0.1:8000/v1');
  for (const message of [down, refused, authFailedMessage(undefined)]) {
    assert.doesNotMatch(message, /`|Ollama|demo/, message);
    assert.equal(message.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 1).length, 1, message);
  }
  assert.match(down, /not answering at http:\/\/127\.0\.0\.1:8000\/v1; .*ponder\.openaiBaseUrl/);
  assert.match(refused, /at http:\/\/127\.0\.0\.1:8000\/v1 refused the request: it needs the API key/);
});

test('button labels are short enough for a notification (VS Code cuts them near twenty characters)', () => {
  for (const label of Object.values(BUTTONS)) assert.ok(label.length <= 18, label);
});

test('a demo run that cannot read the problem says that the demo model solves arithmetic only', () => {
  const message = outcomeMessage({ ...base, model: { name: 'demo model', simulated: true }, beyondDemo: true }, 'adaptive, 120 tokens, 0.3 s');
  assert.match(message, /the demo model solves arithmetic only/);
});

test('a demo answer names the demo model; a real answer does not mention it', () => {
  const demo = outcomeMessage({ ...base, answer: '144', confidence: 0.97, model: { name: 'demo model', simulated: true } }, 'cost');
  assert.equal(demo, 'Ponder: 144 — 97% of the vote by the demo model (cost).');
  const real = outcomeMessage({ ...base, answer: '144', confidence: 0.97, model: { name: 'qwen3:1.7b', simulated: false } }, 'cost');
  assert.equal(real, 'Ponder: 144 — 97% of the vote (cost).');
  // A real model that finds no answer is not blamed on the demo model's limit.
  const none = outcomeMessage({ ...base, model: { name: 'qwen3:1.7b', simulated: false }, beyondDemo: true }, 'cost');
  assert.doesNotMatch(none, /arithmetic/);
});

test('an answer written in LaTeX reads as text in the notification', () => {
  const message = outcomeMessage({ ...base, answer: '\\frac{38}{7}', confidence: 0.91, model: { name: 'qwen3:1.7b', simulated: false } }, 'cost');
  assert.equal(message, 'Ponder: 38/7 — 91% of the vote (cost).');
  assert.match(outcomeMessage({ ...base, answer: '\\sqrt{2}', confidence: 0.5 }, 'cost'), /Ponder: √2 — /);
});

test('a share just short of all is not rounded up to a certainty', () => {
  assert.match(outcomeMessage({ ...base, answer: '144', confidence: 0.996 }, 'cost'), /144 — 99\.6% of the vote/);
  assert.match(outcomeMessage({ ...base, answer: '144', confidence: 1 }, 'cost'), /144 — 100% of the vote/);
});
