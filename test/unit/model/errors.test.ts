import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BadRequestError,
  ConnectionFailedError,
  MalformedStreamError,
  ModelNotFoundError,
  ServerBusyError,
  ServerError,
  ServerNotRunningError,
  StallError,
  StreamEndedError,
  StreamFailedError,
  cleanServerText,
  describeModelError,
} from '../../../src/engine/model/errors';
import type { ModelError } from '../../../src/engine/model/errors';
import { NO_DONE_MESSAGE, classifyOllamaError } from '../../../src/engine/model/ollama/classify';
import type { ErrorContext } from '../../../src/engine/model/ollama/classify';

const endpoint = 'http://127.0.0.1:11434';
const before: ErrorContext = { endpoint, model: 'qwen2.5:1.5b', streaming: false };
const during: ErrorContext = { ...before, streaming: true };

/** What ollama-js throws for an HTTP error status (the class itself is not exported). */
function responseError(status: number, message: string): Error {
  const err = new Error(message) as Error & { error: string; status_code: number };
  err.name = 'ResponseError';
  err.error = message;
  err.status_code = status;
  return err;
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:11434`), { code });
}

test('connection refused names the host and how to start or install Ollama', () => {
  const err = classifyOllamaError(new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') }), before);
  assert.ok(err instanceof ServerNotRunningError);
  assert.equal(err.kind, 'server-not-running');
  assert.equal(err.retryable, false);
  assert.match(err.message, /127\.0\.0\.1:11434/);
  assert.match(err.message, /ollama serve/);
  assert.match(err.message, /ollama\.com/);
});

test('connection refused on every address of a host (happy eyeballs) is still "not running"', () => {
  const aggregate = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], 'connect');
  const err = classifyOllamaError(new TypeError('fetch failed', { cause: aggregate }), before);
  assert.ok(err instanceof ServerNotRunningError);
});

test('other connection failures keep their code and are retryable', () => {
  const err = classifyOllamaError(new TypeError('fetch failed', { cause: systemError('ENOTFOUND') }), before);
  assert.ok(err instanceof ConnectionFailedError);
  assert.equal(err.retryable, true);
  assert.match(err.message, /ENOTFOUND/);
});

test('404 "model not found" tells the user the exact pull command', () => {
  const err = classifyOllamaError(responseError(404, "model 'qwen2.5:1.5b' not found"), before);
  assert.ok(err instanceof ModelNotFoundError);
  assert.equal(err.kind, 'model-not-found');
  assert.match(err.message, /`ollama pull qwen2\.5:1\.5b`/);
});

test('a 404 page from something that is not Ollama is not mistaken for a missing model', () => {
  const err = classifyOllamaError(responseError(404, '404 page not found'), before);
  assert.ok(err instanceof ServerError);
  assert.equal(err.status, 404);
});

test('503 is "server busy", retryable, and its report counts the attempts', () => {
  const err = classifyOllamaError(
    responseError(503, 'server busy, please try again.  maximum pending requests exceeded'),
    before,
  );
  assert.ok(err instanceof ServerBusyError);
  assert.equal(err.retryable, true);
  const reported = err.afterAttempts(5);
  assert.equal(reported.attempts, 5);
  assert.match(reported.message, /after 5 attempts/);
  assert.match(reported.message, /OLLAMA_MAX_QUEUE/);
});

test('400 keeps the server message', () => {
  const err = classifyOllamaError(responseError(400, 'top_logprobs must be between 0 and 20'), before);
  assert.ok(err instanceof BadRequestError);
  assert.equal(err.serverMessage, 'top_logprobs must be between 0 and 20');
  assert.match(err.message, /top_logprobs must be between 0 and 20/);
});

test('500 before the stream is a server error with its message', () => {
  const err = classifyOllamaError(responseError(500, 'llama runner process has terminated: exit status 2'), before);
  assert.ok(err instanceof ServerError);
  assert.equal(err.status, 500);
  assert.match(err.message, /exit status 2/);
  assert.match(err.message, /server log/);
});

test('an {"error"} line mid-stream (a plain Error) is a stream error with the server message', () => {
  const message = 'llama runner process has terminated: exit status 2';
  const seen = classifyOllamaError(new Error(message), before, { serverError: message });
  assert.ok(seen instanceof StreamFailedError);
  const fallback = classifyOllamaError(new Error(message), during);
  assert.ok(fallback instanceof StreamFailedError);
  assert.equal(fallback.serverMessage, message);
});

test('a plain Error outside a stream that the server did not send is left alone', () => {
  const err = new Error('Missing body');
  assert.equal(classifyOllamaError(err, before), err);
});

test('a stream without its done record, or cut off, has ended early', () => {
  assert.ok(classifyOllamaError(new Error(NO_DONE_MESSAGE), during) instanceof StreamEndedError);
  const cut = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
  assert.ok(classifyOllamaError(cut, during) instanceof StreamEndedError);
});

test('a JSON syntax error is a malformed stream', () => {
  let syntax: unknown;
  try {
    JSON.parse('{"model": nope');
  } catch (err) {
    syntax = err;
  }
  assert.ok(classifyOllamaError(syntax, before) instanceof MalformedStreamError);
});

test('aborts pass through untouched, and typed errors are not wrapped twice', () => {
  const abort = new DOMException('The operation was aborted.', 'AbortError');
  assert.equal(classifyOllamaError(abort, during), abort);
  const stall = new StallError('body', 5000, { endpoint });
  assert.equal(classifyOllamaError(stall, during), stall);
});

test('every kind has a distinct discriminant and a retryable flag', () => {
  const where = { endpoint, model: 'm' };
  const all: ModelError[] = [
    new ServerNotRunningError(where),
    new ConnectionFailedError('ECONNRESET', where),
    new ModelNotFoundError(where),
    new ServerBusyError(1, where),
    new BadRequestError('x', where),
    new ServerError(500, 'x', where),
    new StreamFailedError('x', where),
    new StreamEndedError(where),
    new StallError('headers', 1000, where),
    new MalformedStreamError('x', where),
  ];
  assert.equal(new Set(all.map((e) => e.kind)).size, all.length);
  for (const err of all) {
    assert.equal(typeof err.retryable, 'boolean');
    assert.ok(err instanceof Error);
    assert.equal(err.endpoint, endpoint);
  }
});

test('stall messages say which phase went silent and for how long', () => {
  const headers = new StallError('headers', 30 * 60_000, { endpoint, model: 'm' });
  assert.match(headers.message, /did not start answering/);
  assert.match(headers.message, /30 min/);
  const body = new StallError('body', 1500, { endpoint, model: 'm' });
  assert.match(body.message, /went silent for 1\.5 s/);
});

test('describeModelError gives one line for anything a model call throws', () => {
  const notRunning = new ServerNotRunningError({ endpoint });
  assert.equal(describeModelError(notRunning), notRunning.message);
  assert.equal(describeModelError(new DOMException('x', 'AbortError')), 'Cancelled.');
  assert.match(describeModelError(new Error('odd\nthing')), /^Unexpected error from the model backend: odd thing$/);
  assert.match(describeModelError('a string'), /a string/);
  for (const line of [notRunning.message, describeModelError(new Error('a\r\nb'))]) assert.ok(!line.includes('\n'));
});

test('server text is flattened and shortened before it reaches a message', () => {
  assert.equal(cleanServerText('a\u0000\u001b[31mb\n\nc'), 'a [31mb c');
  const long = cleanServerText('x'.repeat(1000));
  assert.equal(long.length, 300);
  assert.ok(long.endsWith('…'));
});

test('429 and 502 (cloud models behind Ollama) are retryable server errors; 500 is not', () => {
  for (const [status, retryable] of [
    [429, true],
    [502, true],
    [500, false],
  ] as const) {
    const err = classifyOllamaError(responseError(status, 'upstream says no'), before) as ModelError;
    assert.ok(err instanceof ServerError);
    assert.equal(err.retryable, retryable, String(status));
  }
});

test('a 400 saying the prompt does not fit is a context overflow, llama-server\'s JSON body read down to its message', () => {
  const go = classifyOllamaError(responseError(400, 'the input length exceeds the context length'), { ...before, contextLength: 4096 }) as ModelError;
  assert.equal(go.kind, 'context-overflow');
  assert.match(go.message, /\(4096 tokens\): the server said "the input length exceeds the context length"/);
  const body = JSON.stringify({ error: { code: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: 9000, n_ctx: 8192 } });
  const llama = classifyOllamaError(responseError(400, body), { ...before, contextLength: 8192 }) as ModelError;
  assert.equal(llama.kind, 'context-overflow');
  assert.match(llama.message, /exceeds the available context size, try increasing it" \(9000 prompt tokens, context 8192\)/);
  assert.equal((classifyOllamaError(responseError(400, 'invalid model name'), before) as ModelError).kind, 'bad-request');
});

test('a port fetch never connects to (undici "bad port") is reported as nothing answering there, with the port', () => {
  const err = classifyOllamaError(new TypeError('fetch failed', { cause: new Error('bad port') }), { ...before, endpoint: 'http://127.0.0.1:1' }) as ModelError;
  assert.equal(err.kind, 'server-not-running');
  assert.match(err.message, /^Cannot reach Ollama at http:\/\/127\.0\.0\.1:1: nothing answered there, because port 1 is one that HTTP clients refuse/);
});
