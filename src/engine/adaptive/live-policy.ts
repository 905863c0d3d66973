// The policy live solving uses by default, and the check that a policy (built in or loaded from JSON) names
// only strategies live solving can run. The format is the stopping module's (stopping/policy.ts): the same
// JSON drives `ponder bench`, `ponder solve` and the extension.
import type { Policy } from '../stopping/policy';
import { PolicyError } from '../stopping/policy';
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
 * Built in for live solving: the posterior stopping rule where the probe shows agreement (it stops as soon
 * as the leader is safe, so easy problems cost a few samples), and beam search where it shows none, with
 * half of the maximum: there more whole samples mostly repeat the same systematic mistake, and a search
 * that scores each step is the one thing that can still step around it (Snell et al.: beam search wins on
 * the hard questions and loses on the easy ones). Its numbers were chosen on generated problems of another
 * seed than the benchmark's; `ponder bench --fit-policy` fits one to a dataset.
 */
export const LIVE_DEFAULT_POLICY: Policy = {
  version: 1,
  description: 'built-in live policy: probe 4 samples; posterior stopping where they agree; beam search with half the budget where they do not',
  probe: { samples: 4 },
  difficulty: { scoreWeight: 0.5, cuts: [0.2, 0.4, 0.6, 0.8] },
  bins: [
    { strategy: 'posterior', params: { vote: 'auto' }, budgetShare: 1, stopThreshold: 0.9 },
    { strategy: 'posterior', params: { vote: 'auto' }, budgetShare: 1, stopThreshold: 0.95 },
    { strategy: 'posterior', params: { vote: 'auto' }, budgetShare: 1, stopThreshold: 0.95 },
    { strategy: 'posterior', params: { vote: 'auto' }, budgetShare: 0.5, stopThreshold: 0.95 },
    { strategy: 'beam', params: { expansions: 4 }, budgetShare: 0.5, stopThreshold: 0.95 },
  ],
};

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
