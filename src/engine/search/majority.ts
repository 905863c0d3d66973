// Majority vote (self-consistency, Wang et al. 2022): N sampled chains, equivalent answers clustered,
// the plurality wins. Chains without an answer do not vote. The tally grows in the tree as chains end.
import { choose } from './choose';
import { sampleMany } from './sample-many';
import type { Vote } from './tally';
import { AnswerMemo, tallyVotes } from './tally';
import type { SearchContext, SearchOutcome, StrategyDefinition } from './types';

export async function majorityVote(context: SearchContext): Promise<SearchOutcome> {
  const votes: Vote[] = [];
  const memo = new AnswerMemo((a, b) => context.answers.equivalent(a, b));
  const tally = () => tallyVotes(votes, memo, 'votes');
  const sampling = await sampleMany(context, {
    onChain: (outcome) => {
      if (outcome.kind !== 'answered') return;
      votes.push({ answer: outcome.answer, nodeId: outcome.answerNodeId, weight: 0 });
      context.tree.setAnswers(tally());
    },
  });
  // Votes in sample order, so ties go to the same answer however the parallel chains finished.
  votes.sort((a, b) => sampleOf(context, a.nodeId) - sampleOf(context, b.nodeId));
  const tallies = tally();
  const choice = choose(context, tallies, 'majority vote', sampling.stopReason);
  return { ...choice, answers: tallies, stopReason: sampling.stopReason, samples: sampling.counts };
}

function sampleOf(context: SearchContext, nodeId: string): number {
  return context.tree.get(nodeId)?.sample ?? 0;
}

export const MAJORITY: StrategyDefinition = {
  name: 'majority',
  description: 'majority vote over N sampled chains (self-consistency)',
  needsVerifier: false,
  run: majorityVote,
};
