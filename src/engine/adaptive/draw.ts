// Drawing whole samples for the adaptive mode (its probe, then the outcome-level bins): chains generated
// in parallel, each scored by the verifier when there is one, reported in sample order as the stopping
// controllers expect them.
import { scoreChain } from '../search/chain-score';
import { generateChain } from '../search/full-chain';
import type { ChainOutcome } from '../search/sample-chain';
import { solveMessages } from '../prompts/solve';
import { runPool } from '../search/pool';
import type { Vote } from '../search/tally';
import type { SearchContext } from '../search/types';
import type { Observation } from '../stopping/types';
import type { AnswerKeys } from './answer-keys';

export interface DrawnSample {
  readonly index: number;
  readonly outcome: ChainOutcome;
  readonly observation: Observation;
  /** Its vote, when it stated an answer. */
  readonly vote?: Vote;
}

export interface DrawResult {
  readonly samples: DrawnSample[];
  /** The ledger refused a chain: no more can be drawn. */
  readonly outOfBudget: boolean;
  /** Errors of chains whose model call failed. */
  readonly failures: unknown[];
}

/** Draws samples `start` … `start + count − 1` (seed + index each). `keep` tokens stay unreserved. */
export async function drawSamples(context: SearchContext, keys: AnswerKeys, start: number, count: number, keep: () => number): Promise<DrawResult> {
  const { options, signal, tree } = context;
  let outOfBudget = false;
  const drawn: DrawnSample[] = [];
  const failures: unknown[] = [];
  await runPool(
    count,
    options.parallelism,
    async (offset) => {
      const index = start + offset;
      const outcome = await generateChain(context, {
        parentId: tree.rootId,
        messages: solveMessages(context.problem),
        seed: options.seed + index,
        sample: index,
        reserve: { keep: keep() },
      });
      if (outcome.kind === 'no-budget') outOfBudget = true;
      if (outcome.kind === 'failed') failures.push(outcome.error);
      if (outcome.kind !== 'answered' && outcome.kind !== 'unanswered') return;
      const tokens = tree.get(outcome.answerNodeId)?.usage.generatedTokens ?? 0;
      if (outcome.kind === 'unanswered') {
        drawn.push({ index, outcome, observation: { key: null, tokens } });
        return;
      }
      const { score, scored } = context.verifier ? await scoreChain(context, outcome, outcome.thinking) : { score: 0, scored: false };
      drawn.push({
        index,
        outcome,
        observation: { key: keys.keyOf(outcome.answer), tokens, ...(scored ? { score } : {}) },
        vote: { answer: outcome.answer, nodeId: outcome.answerNodeId, weight: scored ? score : 0 },
      });
    },
    () => signal.aborted || outOfBudget || (drawn.length === 0 && failures.length >= Math.max(2, Math.min(options.parallelism, count))),
  );
  drawn.sort((a, b) => a.index - b.index);
  return { samples: drawn, outOfBudget, failures };
}
