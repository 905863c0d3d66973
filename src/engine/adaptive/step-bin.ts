// Runs a step-level policy bin (beam, dvts, lookahead, revisions) within a token ceiling.
import { beamPlan } from '../search/beam';
import { dvtsPlan } from '../search/dvts';
import { lookaheadPlan } from '../search/lookahead';
import { revisionSettings, stepSettings } from '../search/params';
import { sequentialRevisions } from '../search/revisions';
import { stepSearch } from '../search/step-search';
import type { Vote } from '../search/tally';
import type { SearchContext, SearchOutcome } from '../search/types';
import type { STEP_BIN_STRATEGIES } from './live-policy';

/** `probeVotes`: the probe's scored samples, which join the vote of the tree searches. */
export async function runStepBin(
  strategy: (typeof STEP_BIN_STRATEGIES)[number],
  context: SearchContext,
  tokenCeiling: number,
  probeVotes: readonly Vote[] = [],
): Promise<SearchOutcome> {
  if (strategy === 'revisions') return sequentialRevisions(context, revisionSettings(context.options), tokenCeiling);
  const settings = stepSettings(context.options);
  const plan = strategy === 'beam' ? beamPlan(settings, tokenCeiling) : strategy === 'dvts' ? dvtsPlan(settings, tokenCeiling) : lookaheadPlan(settings, tokenCeiling);
  const { finished: _finished, ...outcome } = await stepSearch(context, { ...plan, priorVotes: probeVotes });
  return outcome;
}
