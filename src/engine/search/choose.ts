// Ending a best-of-N search: pick the best cluster of the tally, mark its answer nodes chosen, and record
// why in a decision node under the problem and in the run's decisions.
import type { AnswerTally } from '../../protocol/tree';
import type { SearchContext, StopReason } from './types';

export interface Choice {
  readonly answer: string | undefined;
  readonly confidence: number;
}

/** `tallies` best first (as `tallyVotes` orders them). */
export function choose(context: SearchContext, tallies: readonly AnswerTally[], how: string, stopReason: StopReason): Choice {
  const { tree } = context;
  const best = tallies[0];
  const prefix = stopReason === 'cancelled' ? 'Cancelled; best so far: ' : '';
  if (!best) {
    const message = `${prefix}no chain stated an answer`;
    tree.add({ parentId: tree.rootId, kind: 'decision', text: message });
    tree.setAnswers([]);
    tree.decide({ kind: 'stop', message, data: { stopReason } });
    return { answer: undefined, confidence: 0 };
  }
  for (const id of best.nodeIds) tree.update(id, { status: 'chosen' });
  const totalVotes = tallies.reduce((sum, t) => sum + t.votes, 0);
  const message =
    `${prefix}${best.answer}: ${how}, ${best.votes} of ${totalVotes} votes, ` +
    `${(best.share * 100).toFixed(0)}% of the vote` +
    (tallies.length > 1 ? ` (runner-up ${tallies[1]?.answer} with ${((tallies[1]?.share ?? 0) * 100).toFixed(0)}%)` : '');
  tree.add({ parentId: tree.rootId, kind: 'decision', text: message });
  tree.setAnswers(tallies, best.answer, best.share);
  tree.decide({ kind: 'stop', message, data: { stopReason, answer: best.answer, confidence: best.share } });
  return { answer: best.answer, confidence: best.share };
}
