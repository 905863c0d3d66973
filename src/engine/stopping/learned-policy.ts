// An adaptive policy that stops on the learned model: a one-sample probe (so a run the model is sure of
// can stop after one or two samples), and in every bin the `learned` rule at one threshold, voting by
// majority (the answer the model's label is about). `ponder bench` uses it with the built-in model by
// default; bench/stopping.ts builds its leave-one-set-out variants with it.
import { DEFAULT_STOP_MODEL, DEFAULT_STOP_THRESHOLD } from './default-stop-model';
import type { Policy, PolicyBin } from './policy';
import type { StopModel } from './stop-model';

/** Accuracy (a fraction) the threshold may give up against majority@max on each set it is chosen on: half the bench's tolerance. */
export const STOP_TOLERANCE = 0.0025;

export function learnedPolicy(model: StopModel, threshold: number, fittedOn: string): Policy {
  const bin: PolicyBin = { strategy: 'learned', params: { vote: 'majority' }, budgetShare: 1, stopThreshold: threshold };
  return {
    version: 1,
    description: `learned stopping: a one-sample probe, then stop once the stopping model (${fittedOn}) puts P(leader is majority@max's answer) at ${threshold} or more`,
    probe: { samples: 1 },
    difficulty: { scoreWeight: 0.5, cuts: [0.2, 0.4, 0.6, 0.8] },
    bins: [bin, bin, bin, bin, bin],
    stopModel: model,
  };
}

/** The built-in learned policy: the model fitted across every shipped recorded set. */
export const LEARNED_POLICY: Policy = learnedPolicy(DEFAULT_STOP_MODEL, DEFAULT_STOP_THRESHOLD, 'fitted across the shipped recorded sets');
