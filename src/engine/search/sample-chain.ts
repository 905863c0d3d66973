// Samples one complete chain for a problem, streaming it into the tree: step nodes as paragraphs arrive,
// then an answer node (failed, with the reason, when no answer can be extracted: such a chain does not
// vote). The generation's usage goes on the answer node; a failed call's on the failed node.
import type { ReserveOptions } from '../budget/ledger';
import { solveMessages } from '../prompts/solve';
import { generateChain } from './full-chain';
import type { SearchContext } from './types';

/** A chain whose generation ended normally, with or without an answer. */
export interface CompletedChain {
  readonly kind: 'answered' | 'unanswered';
  readonly sample: number;
  readonly text: string;
  readonly steps: string[];
  /** The step node of each element of `steps`. */
  readonly stepIds: string[];
  readonly answerNodeId: string;
  /** The normalised answer ('' when unanswered). */
  readonly answer: string;
}

export type ChainOutcome =
  | CompletedChain
  | { readonly kind: 'failed'; readonly sample: number; readonly error: unknown }
  | { readonly kind: 'cancelled'; readonly sample: number }
  /** The ledger refused: nothing was generated and nothing is in the tree. */
  | { readonly kind: 'no-budget'; readonly sample: number };

export async function sampleChain(context: SearchContext, sample: number, reserve: ReserveOptions = {}): Promise<ChainOutcome> {
  const outcome = await generateChain(context, {
    parentId: context.tree.rootId,
    messages: solveMessages(context.problem),
    seed: context.options.seed + sample,
    sample,
    reserve,
  });
  if (!('thinking' in outcome)) return outcome;
  const { thinking: _thinking, ...chain } = outcome;
  return chain;
}
