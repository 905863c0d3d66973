import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConcurrencyLimiter, endpointLimiter } from '../../../src/engine/model/limiter';
import type { Release } from '../../../src/engine/model/limiter';

const never = new AbortController().signal;

/** Lets queued promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('admits up to the number of slots at once, and the rest wait', async () => {
  const limiter = new ConcurrencyLimiter(2);
  const first = await limiter.acquire(never);
  const second = await limiter.acquire(never);
  let thirdGranted = false;
  const third = limiter.acquire(never).then((release) => {
    thirdGranted = true;
    return release;
  });
  await settle();
  assert.equal(limiter.active, 2);
  assert.equal(limiter.waiting, 1);
  assert.equal(thirdGranted, false);
  first();
  (await third)();
  second();
  assert.equal(limiter.active, 0);
  assert.equal(limiter.waiting, 0);
});

test('waiters are served first come, first served', async () => {
  const limiter = new ConcurrencyLimiter(1);
  const holder = await limiter.acquire(never);
  const order: number[] = [];
  const waiters = [0, 1, 2, 3, 4].map((i) =>
    limiter.acquire(never).then((release) => {
      order.push(i);
      release();
    }),
  );
  holder();
  await Promise.all(waiters);
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
});

test('a new caller does not overtake callers already waiting', async () => {
  const limiter = new ConcurrencyLimiter(1);
  const holder = await limiter.acquire(never);
  const order: string[] = [];
  const early = limiter.acquire(never).then((release) => {
    order.push('early');
    return release;
  });
  holder();
  // The slot is free for an instant, but `early` is owed it.
  const late = limiter.acquire(never).then((release) => {
    order.push('late');
    release();
  });
  (await early)();
  await late;
  assert.deepEqual(order, ['early', 'late']);
});

test('an aborted waiter leaves the queue with an AbortError and the slot goes to the next', async () => {
  const limiter = new ConcurrencyLimiter(1);
  const holder = await limiter.acquire(never);
  const controller = new AbortController();
  const aborted = limiter.acquire(controller.signal);
  let nextRelease: Release | undefined;
  const next = limiter.acquire(never).then((release) => (nextRelease = release));
  assert.equal(limiter.waiting, 2);
  controller.abort();
  await assert.rejects(aborted, { name: 'AbortError' });
  assert.equal(limiter.waiting, 1);
  holder();
  await next;
  assert.equal(limiter.active, 1);
  nextRelease?.();
  assert.equal(limiter.active, 0);
});

test('acquiring with an already aborted signal fails at once and takes nothing', async () => {
  const limiter = new ConcurrencyLimiter(1);
  await assert.rejects(limiter.acquire(AbortSignal.abort()), { name: 'AbortError' });
  assert.equal(limiter.active, 0);
});

test('releasing twice frees the slot only once', async () => {
  const limiter = new ConcurrencyLimiter(2);
  const a = await limiter.acquire(never);
  const b = await limiter.acquire(never);
  a();
  a();
  assert.equal(limiter.active, 1);
  b();
  assert.equal(limiter.active, 0);
});

test('run releases its slot when the task fails', async () => {
  const limiter = new ConcurrencyLimiter(1);
  await assert.rejects(
    limiter.run(() => Promise.reject(new Error('boom')), never),
    /boom/,
  );
  assert.equal(limiter.active, 0);
  assert.equal(await limiter.run(() => Promise.resolve(7), never), 7);
});

test('growing the slots admits waiters at once; shrinking waits for releases', async () => {
  const limiter = new ConcurrencyLimiter(1);
  const held = [await limiter.acquire(never)];
  const waiting = [limiter.acquire(never), limiter.acquire(never)];
  limiter.resize(3);
  held.push(...(await Promise.all(waiting)));
  assert.equal(limiter.active, 3);
  limiter.resize(1);
  const late = limiter.acquire(never);
  held[0]?.();
  held[1]?.();
  await settle();
  assert.equal(limiter.waiting, 1, 'one slot is still in use, so after shrinking to one the late caller waits');
  held[2]?.();
  (await late)();
  assert.equal(limiter.active, 0);
});

test('rejects a slot count that is not a positive integer', () => {
  assert.throws(() => new ConcurrencyLimiter(0), RangeError);
  assert.throws(() => new ConcurrencyLimiter(1.5), RangeError);
});

test('every caller of one endpoint shares one limiter; the latest slot count wins', async () => {
  const a = endpointLimiter('http://limiter-test-a:11434', 2);
  const b = endpointLimiter('http://limiter-test-a:11434', 2);
  const other = endpointLimiter('http://limiter-test-b:11434', 2);
  assert.equal(a, b);
  assert.notEqual(a, other);
  const release = await a.acquire(never);
  assert.equal(b.active, 1);
  release();
  endpointLimiter('http://limiter-test-a:11434', 5);
  assert.equal(a.slots, 5);
});
