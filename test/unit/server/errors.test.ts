// Every model failure becomes the PonderError kind whose buttons fix it: a server that refused the API key
// (OpenAI-compatible, HTTP 401/403) is `auth-failed`, so VS Code offers "Set API Key…" rather than a log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthenticationFailedError, ModelNotFoundError, ServerNotRunningError } from '../../../src/engine/model/errors';
import { toPonderError } from '../../../src/server/errors';

const options = { endpoint: 'http://127.0.0.1:8000/v1', model: 'qwen2.5:1.5b' };

test('a refused API key is auth-failed, with the host and its own message', () => {
  const error = toPonderError(new AuthenticationFailedError(401, options));
  assert.equal(error.kind, 'auth-failed');
  assert.equal(error.host, 'http://127.0.0.1:8000/v1');
  assert.match(error.message, /refused Ponder's API key \(HTTP 401\)/);
});

test('a refused key inside a search failure (wrapped with its cost) is still auth-failed', () => {
  const wrapped = Object.assign(new Error('search failed'), { original: new AuthenticationFailedError(403, options) });
  assert.equal(toPonderError(wrapped).kind, 'auth-failed');
});

test('the other kinds keep theirs', () => {
  assert.equal(toPonderError(new ServerNotRunningError(options)).kind, 'server-not-running');
  assert.equal(toPonderError(new ModelNotFoundError(options)).kind, 'model-not-found');
});
