import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BudgetLedger } from '../../../src/engine/budget/ledger';
import type { Reservation } from '../../../src/engine/budget/ledger';
import { BudgetExhaustedError, meteredGenerate, MeteredCallError } from '../../../src/engine/budget/metered';
import { ScriptedModel, tokens } from '../../support/scripted-model';

test('the last calls get what remains, and nothing once the cap is reached', () => {
  const ledger = new BudgetLedger({ tokenCap: 250 });
  const a = ledger.reserve('generate', 100);
  const b = ledger.reserve('generate', 100);
  const c = ledger.reserve('generate', 100);
  assert.deepEqual([a?.tokens, b?.tokens, c?.tokens], [100, 100, 50]);
  assert.equal(ledger.reserve('generate', 100), undefined);
  a?.settle({ promptTokens: 7, generatedTokens: 40, wallMs: 5 });
  assert.equal(ledger.available, 60, 'the unused 60 of the first reservation came back');
  assert.equal(ledger.reserve('verify', 1)?.tokens, 1);
});

test('minTokens refuses a grant too small to be useful; keep holds tokens back for other work', () => {
  const ledger = new BudgetLedger({ tokenCap: 100 });
  assert.equal(ledger.reserve('generate', 100, { keep: 30 })?.tokens, 70);
  assert.equal(ledger.reserve('generate', 100, { minTokens: 40 }), undefined);
  assert.equal(ledger.reserve('generate', 100, { keep: 30 }), undefined);
  assert.equal(ledger.reserve('verify', 100)?.tokens, 30);
});

test('a call cap counts calls in flight too', () => {
  const ledger = new BudgetLedger({ tokenCap: 1000, callCap: 2 });
  const a = ledger.reserve('generate', 10);
  assert.ok(ledger.reserve('generate', 10));
  assert.equal(ledger.reserve('generate', 10), undefined);
  a?.settle({ promptTokens: 0, generatedTokens: 1, wallMs: 0 });
  assert.equal(ledger.reserve('generate', 10), undefined, 'a settled call still counts');
  assert.equal(ledger.calls, 1);
});

test('totals split by purpose, wall time from first reservation to last settlement', () => {
  let now = 1000;
  const ledger = new BudgetLedger({ tokenCap: 100, clock: () => now });
  const seen: number[] = [];
  const subscription = ledger.onChange((u) => seen.push(u.generatedTokens));
  const g = ledger.reserve('generate', 50) as Reservation;
  const v = ledger.reserve('verify', 1) as Reservation;
  now = 1300;
  v.settle({ promptTokens: 20, generatedTokens: 1, wallMs: 300 });
  now = 1500;
  g.settle({ promptTokens: 10, generatedTokens: 30, wallMs: 500 });
  g.settle({ promptTokens: 10, generatedTokens: 30, wallMs: 500 });
  subscription.dispose();
  assert.deepEqual(ledger.totals(), { promptTokens: 30, generatedTokens: 31, calls: 2, wallMs: 500, tokenCap: 100, verifyTokens: 1 });
  assert.deepEqual(ledger.totalsFor('verify'), { promptTokens: 20, generatedTokens: 1, calls: 1, callMs: 300 });
  assert.deepEqual(seen, [1, 31], 'a second settlement of the same call is ignored');
});

test('property: over random caps, reservations and settlements, generated tokens never exceed the cap', () => {
  const step = fc.oneof(
    fc.record({ kind: fc.constant('reserve' as const), max: fc.integer({ min: 1, max: 400 }), min: fc.integer({ min: 1, max: 50 }), keep: fc.nat(100), verify: fc.boolean() }),
    fc.record({ kind: fc.constant('settle' as const), which: fc.nat(), used: fc.double({ min: 0, max: 1, noNaN: true }) }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2000 }), fc.array(step, { maxLength: 80 }), (cap, steps) => {
      const ledger = new BudgetLedger({ tokenCap: cap });
      const open: Reservation[] = [];
      let reservedTotal = 0;
      for (const s of steps) {
        if (s.kind === 'reserve') {
          const r = ledger.reserve(s.verify ? 'verify' : 'generate', s.max, { minTokens: s.min, keep: s.keep });
          if (r) {
            assert.ok(r.tokens >= Math.min(s.min, s.max) && r.tokens <= s.max);
            open.push(r);
            reservedTotal += r.tokens;
          }
        } else if (open.length > 0) {
          const [r] = open.splice(s.which % open.length, 1);
          if (!r) continue;
          reservedTotal -= r.tokens;
          // A backend honours maxTokens: it uses at most what was granted.
          r.settle({ promptTokens: 5, generatedTokens: Math.floor(r.tokens * s.used), wallMs: 1 });
        }
        assert.ok(ledger.generated + reservedTotal <= cap, 'spent + reserved within the cap');
        assert.ok(ledger.totals().generatedTokens <= cap);
      }
      for (const r of open) r.settle({ promptTokens: 0, generatedTokens: r.tokens, wallMs: 0 });
      assert.ok(ledger.totals().generatedTokens <= cap);
      assert.equal(ledger.overrun, 0);
    }),
    { numRuns: 500 },
  );
});

test('parallel metered calls that start together never reserve past the cap', async () => {
  const model = new ScriptedModel(() => ({ chunks: tokens('a b c d e f g h i j k l m n o p q r s t') }));
  const ledger = new BudgetLedger({ tokenCap: 50 });
  const signal = new AbortController().signal;
  const calls = Array.from({ length: 8 }, () =>
    meteredGenerate({ model, ledger, purpose: 'generate', signal, request: { messages: [], temperature: 1, maxTokens: 30 } }),
  );
  const outcomes = await Promise.allSettled(calls);
  const granted = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.granted] : []));
  assert.deepEqual(granted, [30, 20]);
  assert.ok(outcomes.slice(2).every((o) => o.status === 'rejected' && o.reason instanceof BudgetExhaustedError));
  assert.deepEqual(model.requests.map((r) => r.maxTokens), [30, 20], 'the second call asked for what remained');
  assert.equal(ledger.totals().generatedTokens, 50);
});

test('a failed call is charged what it streamed before failing', async () => {
  const model = new ScriptedModel(() => ({ chunks: ['a', ' b', ' c'], error: new Error('connection reset') }));
  const ledger = new BudgetLedger({ tokenCap: 100 });
  await assert.rejects(
    meteredGenerate({ model, ledger, purpose: 'generate', signal: new AbortController().signal, request: { messages: [], temperature: 1, maxTokens: 30 } }),
    (error: unknown) => error instanceof MeteredCallError && error.message === 'connection reset' && error.usage.generatedTokens === 3,
  );
  assert.deepEqual({ ...ledger.totals(), wallMs: 0 }, { promptTokens: 0, generatedTokens: 3, calls: 1, wallMs: 0, tokenCap: 100 });
  assert.equal(ledger.available, 97);
});
