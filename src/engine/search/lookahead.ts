// Lookahead search (Snell et al. 2024): beam search in which each candidate step is scored by the
// verifier's score of the step k steps further on, after a rollout at temperature 0. It costs about
// N × (k + 1) steps per round; with k = 0 it is beam search.
import { beamPlan } from './beam';
import type { StepSettings } from './params';
import { plural, stepSettings } from './params';
import type { StepSearchPlan } from './step-search';
import { stepSearch } from './step-search';
import type { SearchContext, SearchOutcome, StrategyDefinition } from './types';

export function lookaheadPlan(settings: StepSettings, tokenCeiling?: number): StepSearchPlan {
  const plan = beamPlan(settings, tokenCeiling);
  return settings.lookahead === 0 ? plan : { ...plan, label: `lookahead search (k=${settings.lookahead})`, lookahead: settings.lookahead };
}

export function lookaheadSearch(context: SearchContext): Promise<SearchOutcome> {
  const settings = stepSettings(context.options);
  context.tree.decide({
    kind: 'strategy',
    message:
      `lookahead search: ${settings.beamWidth} candidate steps per round, each scored after a ${settings.lookahead}-step rollout at temperature 0; ` +
      `${plural(settings.keep, 'beam')} kept, ${plural(settings.expansions, 'expansion')} each, at most ${settings.maxDepth} steps`,
    data: { beamWidth: settings.beamWidth, keep: settings.keep, expansions: settings.expansions, lookahead: settings.lookahead, maxDepth: settings.maxDepth },
  });
  return stepSearch(context, lookaheadPlan(settings));
}

export const LOOKAHEAD: StrategyDefinition = {
  name: 'lookahead',
  description: 'lookahead search: beam search whose candidate steps are scored after a k-step rollout at temperature 0',
  needsVerifier: true,
  run: lookaheadSearch,
};
