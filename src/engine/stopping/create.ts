// Building a controller from a strategy name and its parameters, and the loops that drive one.
import { AdaptiveController } from './adaptive';
import type { ConsistencyPrior } from './consistency-prior';
import { BETA_DEFAULT_THRESHOLD, BetaRuleController } from './beta-rule';
import { EscController } from './esc';
import { majorityController, weightedController } from './fixed';
import type { ParamValue, Policy } from './policy';
import { DEFAULT_POLICY } from './policy';
import { PosteriorController } from './posterior';
import type { ControllerResult, Observation, SamplingController } from './types';
import { isOutcomeStrategy, UnsupportedStrategyError } from './types';

export interface ControllerSpec {
  readonly strategy: string;
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** For `adaptive`: the policy (default: the built-in one). */
  readonly policy?: Policy;
  /** For `adaptive` under a policy with `consistencyPrior`: the run's prior, shared by its problems. */
  readonly prior?: ConsistencyPrior;
}

/**
 * A controller for `spec` that never draws more than `maxSamples`. Parameters: esc `window` (default 4);
 * beta `threshold` (0.95); posterior `threshold` (0.95) and `vote` (majority | weighted); adaptive `vote`
 * (majority | weighted: overrides the policy's vote rule in every bin).
 */
export function createController(spec: ControllerSpec, maxSamples: number): SamplingController {
  const params = spec.params ?? {};
  if (!isOutcomeStrategy(spec.strategy)) {
    throw new UnsupportedStrategyError(spec.strategy, `"${spec.strategy}" is not an outcome-level strategy: it needs step-level generation`);
  }
  switch (spec.strategy) {
    case 'majority':
      return majorityController(maxSamples);
    case 'weighted':
      return weightedController(maxSamples);
    case 'esc':
      return new EscController(maxSamples, numberParam(params, 'window', 4));
    case 'beta':
      return new BetaRuleController(maxSamples, numberParam(params, 'threshold', BETA_DEFAULT_THRESHOLD));
    case 'posterior':
      return new PosteriorController({
        maxSamples,
        threshold: numberParam(params, 'threshold', 0.95),
        rule: params.vote === 'weighted' ? 'weighted' : 'majority',
      });
    case 'adaptive': {
      const vote = params.vote;
      const policy = spec.policy ?? DEFAULT_POLICY;
      // `vote` overrides every bin's vote rule (e.g. majority only, to see what the verifier scores add).
      const chosen = vote === 'majority' || vote === 'weighted' ? withVote(policy, vote) : policy;
      return new AdaptiveController({ maxSamples, policy: chosen, ...(chosen.consistencyPrior && spec.prior ? { prior: spec.prior } : {}) });
    }
  }
}

/** Drives a controller over samples available at once (recorded samples); `draw(i)` returns sample i. */
export function runController(controller: SamplingController, draw: (index: number) => Observation): ControllerResult {
  let index = 0;
  for (let count = controller.next(); count > 0; count = controller.next()) {
    for (let i = 0; i < count; i++) controller.observe(draw(index++));
  }
  return controller.result();
}

/** Drives a controller over samples drawn on demand; each batch is requested at once (it may run in parallel). */
export async function runControllerAsync(
  controller: SamplingController,
  drawBatch: (start: number, count: number) => Promise<readonly Observation[]>,
): Promise<ControllerResult> {
  let index = 0;
  for (let count = controller.next(); count > 0; count = controller.next()) {
    const batch = await drawBatch(index, count);
    if (batch.length !== count) throw new Error(`asked for ${count} samples, got ${batch.length}`);
    for (const observation of batch) controller.observe(observation);
    index += count;
  }
  return controller.result();
}

function withVote(policy: Policy, vote: 'majority' | 'weighted'): Policy {
  const bins = policy.bins.map((bin) => ({ ...bin, params: { ...bin.params, vote } }));
  return { ...policy, bins: bins as unknown as Policy['bins'] };
}

function numberParam(params: Readonly<Record<string, ParamValue>>, name: string, fallback: number): number {
  const value = params[name];
  return typeof value === 'number' ? value : fallback;
}
