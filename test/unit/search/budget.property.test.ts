// Property: whatever the strategy, its settings and the token cap, a run never generates more tokens than
// the cap (no call ever overruns its reservation), and its tree ends consistent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { BudgetLedger } from '../../../src/engine/budget/ledger';
import { generateProblems } from '../../../src/engine/model/sim/problems';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import { solve } from '../../../src/engine/solve';
import { LogprobJudge } from '../../../src/engine/verify/logprob-judge';
import { SampledJudge } from '../../../src/engine/verify/sampled-judge';
import { assertConsistent, deltaRecorder } from './helpers';

const STRATEGIES = ['majority', 'weighted', 'beam', 'dvts', 'lookahead', 'revisions', 'adaptive'] as const;
const problems = generateProblems({ count: 20, seed: 31, difficulty: 'mixed' });
const model = new SimulatedModel();

test('no strategy ever passes the token cap, and every tree ends consistent', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        strategy: fc.constantFrom(...STRATEGIES),
        problem: fc.integer({ min: 0, max: problems.length - 1 }),
        tokenCap: fc.integer({ min: 0, max: 3000 }),
        samples: fc.integer({ min: 1, max: 8 }),
        expansions: fc.integer({ min: 1, max: 4 }),
        maxDepth: fc.integer({ min: 1, max: 12 }),
        lookahead: fc.integer({ min: 0, max: 2 }),
        maxTokensPerStep: fc.integer({ min: 8, max: 120 }),
        maxTokensPerSample: fc.integer({ min: 16, max: 400 }),
        parallelism: fc.integer({ min: 1, max: 4 }),
        think: fc.boolean(),
        sampledJudge: fc.boolean(),
        seed: fc.integer({ min: 0, max: 1000 }),
      }),
      async (c) => {
        let ledger: BudgetLedger | undefined;
        const recorder = deltaRecorder();
        const result = await solve((problems[c.problem] ?? problems[0])?.problem ?? '', {
          model,
          strategy: c.strategy,
          tokenCap: c.tokenCap,
          samples: c.samples,
          expansions: c.expansions,
          maxDepth: c.maxDepth,
          lookahead: c.lookahead,
          maxTokensPerStep: c.maxTokensPerStep,
          maxTokensPerSample: c.maxTokensPerSample,
          parallelism: c.parallelism,
          think: c.think,
          seed: c.seed,
          verifier: (l) => {
            ledger = l;
            return c.sampledJudge ? new SampledJudge({ model, ledger: l, samples: 3, seed: c.seed }) : new LogprobJudge({ model, ledger: l });
          },
          ...recorder,
        });
        assert.ok(result.usage.generatedTokens <= c.tokenCap, `${result.usage.generatedTokens} tokens under a cap of ${c.tokenCap}`);
        assert.equal(ledger?.overrun ?? 0, 0, 'no call generated more than it reserved');
        assert.equal(result.tree.usage.generatedTokens, result.usage.generatedTokens);
        assertConsistent(result.tree, recorder.rebuilt());
      },
    ),
    { numRuns: 150 },
  );
});
