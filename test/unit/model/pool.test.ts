// The endpoint pool: least outstanding requests within per-endpoint slots, first come first served when
// every slot is taken, a failing endpoint set aside (its request sent elsewhere before any token), and
// the same request giving the same output whichever endpoint served it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServerNotRunningError } from '../../../src/engine/model/errors';
import { EndpointPool } from '../../../src/engine/model/pool';
import type { GenerationRequest } from '../../../src/engine/model/types';
import { ScriptedModel } from '../../support/scripted-model';

const request = (seed: number): GenerationRequest => ({ messages: [{ role: 'user', content: 'q' }], temperature: 0.7, seed, maxTokens: 10 });

async function text(pool: EndpointPool, r: GenerationRequest, signal = new AbortController().signal): Promise<string> {
  let out = '';
  for await (const event of pool.generate(r, signal)) if (event.type === 'chunk') out += event.text;
  return out;
}

describe('EndpointPool', () => {
  test('spreads concurrent requests by outstanding count and never exceeds an endpoint\'s slots', async () => {
    const byseed = (r: GenerationRequest): { chunks: string[] } => ({ chunks: [`s${r.seed ?? 0}`, '.'] });
    const a = new ScriptedModel(byseed);
    const b = new ScriptedModel(byseed);
    const pool = new EndpointPool([
      { model: a, name: 'a', slots: 2 },
      { model: b, name: 'b', slots: 1 },
    ]);
    const outs = await Promise.all(Array.from({ length: 12 }, (_, i) => text(pool, request(i))));
    assert.deepEqual(outs, Array.from({ length: 12 }, (_, i) => `s${i}.`), 'same output whichever endpoint served');
    assert.ok(a.maxActive <= 2 && b.maxActive <= 1, `a ${a.maxActive}, b ${b.maxActive}`);
    assert.ok(a.requests.length > 0 && b.requests.length > 0);
    assert.equal(a.requests.length + b.requests.length, 12);
  });

  test('an endpoint that is down is set aside and its request goes to another one', async () => {
    const down = new ScriptedModel(() => ({ error: new ServerNotRunningError({ endpoint: 'http://down' }) }));
    const up = new ScriptedModel(() => ({ chunks: ['ok'] }));
    const pool = new EndpointPool(
      [
        { model: down, name: 'down', slots: 4 },
        { model: up, name: 'up', slots: 4 },
      ],
      { baseBackoffMs: 10_000 },
    );
    assert.equal(await text(pool, request(1)), 'ok');
    assert.equal(down.requests.length, 1);
    for (let i = 0; i < 5; i++) assert.equal(await text(pool, request(i)), 'ok');
    assert.equal(down.requests.length, 1, 'set aside during its backoff');
    assert.deepEqual(pool.served().map((e) => e.setAside), [true, false]);
  });

  test('when every endpoint is down the caller gets the failure, and cancelling a waiter leaves the queue', async () => {
    const down = new ScriptedModel(() => ({ error: new ServerNotRunningError({ endpoint: 'http://down' }) }));
    const pool = new EndpointPool([{ model: down, name: 'down', slots: 1 }], { baseBackoffMs: 5 });
    await assert.rejects(text(pool, request(1)), (err: Error) => err instanceof ServerNotRunningError);
    const hang = new ScriptedModel(() => ({ hang: true }));
    const busy = new EndpointPool([{ model: hang, name: 'h', slots: 1 }]);
    const first = new AbortController();
    const running = text(busy, request(1), first.signal).catch((e: unknown) => e);
    const second = new AbortController();
    const waiting = text(busy, request(2), second.signal).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 5));
    second.abort();
    assert.equal(((await waiting) as Error).name, 'AbortError');
    assert.equal(hang.requests.length, 1, 'the waiter never reached the endpoint');
    first.abort();
    assert.equal(((await running) as Error).name, 'AbortError');
  });
});
