// Diverse verifier tree search (search-and-learn): the N candidates per round are split into N/M
// independent subtrees; each subtree expands its one chain M ways and keeps only the best-scored step
// (greedy), and ends when its best candidate finishes the chain. Independent subtrees keep the search
// from collapsing onto one line of reasoning, which is where beam search loses at large N.
import type { StepSettings } from './params';
import { plural, stepSettings } from './params';
import type { StepSearchPlan } from './step-search';
import { stepSearch } from './step-search';
import type { SearchContext, SearchOutcome, StrategyDefinition } from './types';

export function dvtsPlan(settings: StepSettings, tokenCeiling?: number): StepSearchPlan {
  return {
    label: 'DVTS',
    settings,
    groups: settings.keep,
    keepPerGroup: 1,
    expansionsPerGroup: settings.expansions,
    endGroupWhenBestFinishes: true,
    lookahead: 0,
    ...(tokenCeiling === undefined ? {} : { tokenCeiling }),
  };
}

export function dvts(context: SearchContext): Promise<SearchOutcome> {
  const settings = stepSettings(context.options);
  context.tree.decide({
    kind: 'strategy',
    message: `DVTS: ${plural(settings.keep, 'independent subtree')}, each expanded ${plural(settings.expansions, 'way')} per step and kept greedily, at most ${settings.maxDepth} steps`,
    data: { subtrees: settings.keep, expansions: settings.expansions, maxDepth: settings.maxDepth },
  });
  return stepSearch(context, dvtsPlan(settings));
}

export const DVTS: StrategyDefinition = {
  name: 'dvts',
  description: 'diverse verifier tree search: N/M independent subtrees, each expanded M ways and kept greedily by the verifier',
  needsVerifier: true,
  run: dvts,
};
