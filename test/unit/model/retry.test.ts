import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { backoffDelay, sleep, withRetry } from '../../../src/engine/model/retry';
import type { RetryPolicy } from '../../../src/engine/model/retry';

const never = new AbortController().signal;
const policy: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

class Busy extends Error {}

test('backoff doubles per attempt and stays within [cap/2, cap]', () => {
  assert.equal(backoffDelay(1, policy, () => 0), 50);
  assert.equal(backoffDelay(1, policy, () => 0.999999), 99.99995);
  assert.equal(backoffDelay(2, policy, () => 0), 100);
  assert.equal(backoffDelay(3, policy, () => 0), 200);
  assert.equal(backoffDelay(10, policy, () => 0), 500, 'capped by maxDelayMs');
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 1, max: 100_000 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (attempt, baseDelayMs, maxDelayMs, random) => {
        const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        const delay = backoffDelay(attempt, { attempts: 1, baseDelayMs, maxDelayMs }, () => random);
        return delay >= cap / 2 && delay < cap + 1e-9;
      },
    ),
  );
});

test('jitter spreads callers apart', () => {
  const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, policy)));
  assert.ok(delays.size > 40, `expected distinct delays, got ${delays.size}`);
});

test('retries a retryable failure with growing pauses, then succeeds', async () => {
  const pauses: number[] = [];
  let calls = 0;
  const result = await withRetry(
    (attempt) => {
      calls++;
      assert.equal(attempt, calls);
      return calls < 3 ? Promise.reject(new Busy()) : Promise.resolve('ok');
    },
    { ...policy, shouldRetry: (err) => err instanceof Busy, random: () => 0.5, sleep: (ms) => (pauses.push(ms), Promise.resolve()) },
    never,
  );
  assert.equal(result, 'ok');
  assert.deepEqual(pauses, [75, 150]);
});

test('gives up after the configured attempts and throws the last failure', async () => {
  let calls = 0;
  const retried: number[] = [];
  await assert.rejects(
    withRetry(
      () => {
        calls++;
        return Promise.reject(new Busy(`try ${calls}`));
      },
      {
        ...policy,
        attempts: 3,
        shouldRetry: () => true,
        onRetry: (_err, attempt) => retried.push(attempt),
        sleep: () => Promise.resolve(),
      },
      never,
    ),
    /try 3/,
  );
  assert.equal(calls, 3);
  assert.deepEqual(retried, [1, 2]);
});

test('does not retry a failure the policy rejects', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(
      () => {
        calls++;
        return Promise.reject(new Error('bad request'));
      },
      { ...policy, shouldRetry: (err) => err instanceof Busy, sleep: () => Promise.resolve() },
      never,
    ),
    /bad request/,
  );
  assert.equal(calls, 1);
});

test('an abort during a backoff ends the wait at once with an AbortError and leaves no timer', async () => {
  const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
  const before = timers();
  const controller = new AbortController();
  let calls = 0;
  const started = Date.now();
  const run = withRetry(
    () => {
      calls++;
      return Promise.reject(new Busy());
    },
    { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, shouldRetry: () => true, onRetry: () => controller.abort() },
    controller.signal,
  );
  await assert.rejects(run, { name: 'AbortError' });
  assert.equal(calls, 1);
  assert.ok(Date.now() - started < 1000);
  assert.equal(timers(), before, 'the backoff timer was cleared');
});

test('an abort while the operation runs is reported as an AbortError, not retried', async () => {
  const controller = new AbortController();
  let calls = 0;
  await assert.rejects(
    withRetry(
      () => {
        calls++;
        controller.abort();
        return Promise.reject(new Busy());
      },
      { ...policy, shouldRetry: () => true },
      controller.signal,
    ),
    { name: 'AbortError' },
  );
  assert.equal(calls, 1);
});

test('sleep resolves after its time and removes its abort listener', async () => {
  const controller = new AbortController();
  const started = performance.now();
  await sleep(20, controller.signal);
  assert.ok(performance.now() - started >= 19);
  // A later abort must not reject anything (the listener is gone).
  controller.abort();
});

test('sleep rejects at once with an already aborted signal', async () => {
  await assert.rejects(sleep(10, AbortSignal.abort()), { name: 'AbortError' });
});
