// Step-level beam search (Snell et al. 2024): N candidate steps per round, each scored by the verifier as
// it is written; the top N/M chains are kept and each is expanded M ways in the next round; chains that
// state an answer are collected and chosen among by weighted vote. Pruned branches stay in the tree.
import type { StepSettings } from './params';
import { plural, stepSettings } from './params';
import type { StepSearchPlan } from './step-search';
import { stepSearch } from './step-search';
import type { SearchContext, SearchOutcome, StrategyDefinition } from './types';

export function beamPlan(settings: StepSettings, tokenCeiling?: number): StepSearchPlan {
  return {
    label: 'beam search',
    settings,
    groups: 1,
    keepPerGroup: settings.keep,
    expansionsPerGroup: settings.beamWidth,
    endGroupWhenBestFinishes: false,
    lookahead: 0,
    ...(tokenCeiling === undefined ? {} : { tokenCeiling }),
  };
}

export function beamSearch(context: SearchContext): Promise<SearchOutcome> {
  const settings = stepSettings(context.options);
  context.tree.decide({
    kind: 'strategy',
    message: `beam search: ${settings.beamWidth} candidate steps per round, ${plural(settings.keep, 'beam')} kept, ${plural(settings.expansions, 'expansion')} each, at most ${settings.maxDepth} steps`,
    data: { beamWidth: settings.beamWidth, keep: settings.keep, expansions: settings.expansions, maxDepth: settings.maxDepth },
  });
  return stepSearch(context, beamPlan(settings));
}

export const BEAM: StrategyDefinition = {
  name: 'beam',
  description: 'step-level beam search: every step scored by the verifier, the best N/M chains kept and expanded M ways',
  needsVerifier: true,
  run: beamSearch,
};
