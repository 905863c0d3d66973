// The difficulty cuts of the "calibrated" adaptive configurations: the quintiles of the probe's estimate
// on generated problems of a development seed (not the benchmark's), measured when the benchmark runs, by
// the same probe the adaptive runs use (src/engine/stopping/calibrate.ts). Snell et al. bin by quintiles of
// the model's own difficulty; this is that calibration done the way a user would do it, on other problems.
import { generateProblems } from '../../src/engine/model/sim/problems';
import { solve } from '../../src/engine/solve';
import { quintileCuts } from '../../src/engine/stopping/calibrate';
import { DEFAULT_POLICY } from '../../src/engine/stopping/policy';
import type { Policy, PolicyBin } from '../../src/engine/stopping/policy';
import { MAX_TOKENS_PER_SAMPLE, model, TEMPERATURE } from './runs';

/** A policy that stops after the probe in every bin: the estimate is all a calibration run needs. */
const PROBE_ONLY_BIN: PolicyBin = { strategy: 'posterior', params: { vote: 'auto' }, budgetShare: 0, stopThreshold: 0.95 };
const PROBE_ONLY: Policy = { ...DEFAULT_POLICY, bins: [PROBE_ONLY_BIN, PROBE_ONLY_BIN, PROBE_ONLY_BIN, PROBE_ONLY_BIN, PROBE_ONLY_BIN] };

/** Quintile cuts of the probe's difficulty estimate over `count` problems generated from `seed`. */
export async function calibrateCuts(seed: number, count: number): Promise<Policy['difficulty']['cuts']> {
  const problems = generateProblems({ count, seed, difficulty: 'mixed' });
  const estimates: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < problems.length) {
        const i = next++;
        const problem = problems[i];
        if (!problem) continue;
        const options = { model, strategy: 'adaptive', samples: 64, policy: PROBE_ONLY, temperature: TEMPERATURE, maxTokensPerSample: MAX_TOKENS_PER_SAMPLE, parallelism: 4, seed: seed * 1_000_003 + i * 10_007, runId: `calibrate-${i}` };
        const result = await solve(problem.problem, options);
        const difficulty = result.tree.decisions.find((d) => d.kind === 'difficulty')?.data?.difficulty;
        if (typeof difficulty === 'number') estimates.push(difficulty);
      }
    }),
  );
  return quintileCuts(estimates);
}
