// Lookahead (Snell et al. 2024): before a candidate step is scored, the chain is rolled out k more steps
// at temperature 0 and the verifier scores the step at the end of the rollout, which sees further than
// the candidate alone. The rollout steps stay in the tree under the candidate, marked pruned ("rolled out,
// scored, then discarded"): they cost tokens, and the next round expands the candidate afresh.
import { NEUTRAL_SCORE } from '../verify/yes-no';
import type { PartialChain } from './partial-chain';
import { expandStep } from './step-expand';
import { scoreNewSteps } from './step-score';
import type { SearchContext } from './types';
import type { ReserveOptions } from '../budget/ledger';

export interface RolloutResult {
  /** The score the candidate is ranked by: the verifier's score of the rollout's last step. */
  readonly score: number;
  /** Steps actually rolled out (fewer than k when the rollout reached an answer, the budget or an error). */
  readonly steps: number;
  readonly unscored: number;
}

export async function rolloutScore(
  context: SearchContext,
  candidate: PartialChain,
  k: number,
  request: { seed: number; maxTokens: number; reserve: () => ReserveOptions },
): Promise<RolloutResult> {
  const { tree } = context;
  let chain = candidate;
  let rolled = 0;
  for (let i = 0; i < k; i++) {
    const expansion = await expandStep(context, chain, { seed: request.seed, temperature: 0, maxTokens: request.maxTokens, reserve: request.reserve() });
    if (expansion.kind !== 'step') break;
    for (const id of expansion.chain.stepIds.slice(chain.stepIds.length)) {
      tree.update(id, { status: 'pruned', reason: `lookahead rollout ${i + 1} of ${k} at temperature 0: scored, then discarded` });
    }
    chain = expansion.chain;
    rolled += 1;
    if (expansion.answer) break;
  }
  // Only the end of the rollout is judged (one judgement per candidate, as for beam search).
  const end = chain.steps.length - 1;
  if (end < 0) return { score: NEUTRAL_SCORE, steps: rolled, unscored: 0 };
  const scored = await scoreNewSteps(context, { ...chain, scores: new Array<number>(end).fill(NEUTRAL_SCORE) }, end);
  const score = scored.chain.scores[end] ?? NEUTRAL_SCORE;
  if (rolled > 0) {
    const candidateId = candidate.stepIds.at(-1);
    if (candidateId) tree.update(candidateId, { score, verdict: `score ${score.toFixed(2)} of the step ${rolled} ahead (lookahead rollout)` });
  }
  return { score, steps: rolled, unscored: scored.unscored };
}
