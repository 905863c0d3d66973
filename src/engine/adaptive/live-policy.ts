// The policy live solving uses by default, and the check that a policy (built in or loaded from JSON) names
// only strategies live solving can run. The format is the stopping module's (stopping/policy.ts): the same
// JSON drives `ponder bench`, `ponder solve` and the extension.
import type { Policy } from '../stopping/policy';
import { DEFAULT_POLICY, PolicyError } from '../stopping/policy';
import { paramsFromRecord } from '../search/params';

/** Whole-sample strategies run by a stopping controller. */
export const OUTCOME_BIN_STRATEGIES = ['posterior', 'majority', 'weighted', 'esc', 'beta'] as const;
/** Step-level strategies and revisions, run by the search module. */
export const STEP_BIN_STRATEGIES = ['beam', 'dvts', 'lookahead', 'revisions'] as const;

export type BinStrategy = (typeof OUTCOME_BIN_STRATEGIES)[number] | (typeof STEP_BIN_STRATEGIES)[number];

export function isStepBinStrategy(name: string): name is (typeof STEP_BIN_STRATEGIES)[number] {
  return (STEP_BIN_STRATEGIES as readonly string[]).includes(name);
}

/**
 * Built in for live solving: the stopping module's default policy (the posterior stopping rule, with
 * per-bin thresholds and shares), so that live solving and `ponder bench` mean the same thing by
 * "adaptive". Policies that put beam search, DVTS, lookahead or revisions into bins run too; on the
 * simulated reasoner none of them beat the posterior rule in any estimated-difficulty bin (bench/search.ts
 * prints the comparison), so the default does not use them.
 */
export const LIVE_DEFAULT_POLICY: Policy = DEFAULT_POLICY;

/** Throws PolicyError when a bin names a strategy live solving cannot run or a setting it does not know. */
export function assertLivePolicy(policy: Policy, source = 'policy'): void {
  policy.bins.forEach((bin, i) => {
    const known = [...OUTCOME_BIN_STRATEGIES, ...STEP_BIN_STRATEGIES] as readonly string[];
    if (!known.includes(bin.strategy)) {
      throw new PolicyError(`${source}: bins.${i + 1}.strategy "${bin.strategy}" is not a strategy live solving can run (${known.join(', ')})`);
    }
    if (isStepBinStrategy(bin.strategy)) {
      try {
        paramsFromRecord(bin.params, `bins.${i + 1}.params`);
      } catch (error) {
        throw new PolicyError(`${source}: ${(error as Error).message}`);
      }
    }
  });
}
