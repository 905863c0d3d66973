// Writes the next step of a partial chain: the solve prompt with the chain so far as a trailing assistant
// message (prompts/solve.ts), generation stopped at the blank line that ends a step. Every expansion of a
// chain sends byte-identical messages, so a server with a prefix cache evaluates that prefix once.
// The step streams into the tree under the chain's tip; its thinking trace (when `think` is on) goes on
// the step node, and the call's usage too.
import type { ReserveOptions } from '../budget/ledger';
import { solveMessages, splitSteps, STEP_DELIMITER } from '../prompts/solve';
import type { PartialChain } from './partial-chain';
import { extendChain } from './partial-chain';
import { StepStreamer } from './step-streamer';
import { streamGeneration } from './streamed-generation';
import type { SearchContext } from './types';

export interface ExpandRequest {
  readonly seed: number;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly reserve: ReserveOptions;
}

export type Expansion =
  /** One new step (or a few, from a model that ignored the stop string); `answer` when it states the final answer. */
  | { readonly kind: 'step'; readonly chain: PartialChain; readonly answer?: { raw: string; normalized: string }; readonly truncated: boolean }
  /** The model wrote nothing more: the chain has ended without an answer. */
  | { readonly kind: 'ended' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'cancelled' }
  /** The ledger refused: nothing was generated and nothing is in the tree. */
  | { readonly kind: 'no-budget' };

export async function expandStep(context: SearchContext, chain: PartialChain, request: ExpandRequest): Promise<Expansion> {
  const { tree } = context;
  const streamer = new StepStreamer(tree, chain.tipId, chain.group);
  const call = await streamGeneration(context, streamer, {
    messages: solveMessages(context.problem, chain.steps),
    temperature: request.temperature,
    seed: request.seed,
    maxTokens: request.maxTokens,
    stop: [STEP_DELIMITER],
    reserve: request.reserve,
  });
  if (call.kind !== 'done') return call;
  const { generation, usage, thinking } = call;
  const steps = splitSteps(generation.text);
  const stepIds = streamer.stepIds.slice(0, steps.length);
  const last = stepIds.at(-1);
  if (!last || steps.length === 0) {
    // A trace with no visible text still cost tokens: show it, then say the chain ended.
    const id = streamer.tipId === chain.tipId ? undefined : streamer.tipId;
    if (id) tree.update(id, { status: 'failed', reason: 'the model wrote no further step', usage });
    return { kind: 'ended' };
  }
  tree.update(last, { usage });
  const raw = context.answers.extract(steps.join(STEP_DELIMITER));
  const normalized = raw === undefined ? '' : context.answers.normalize(raw);
  return {
    kind: 'step',
    chain: extendChain(chain, steps, stepIds, thinking),
    ...(raw !== undefined && normalized ? { answer: { raw, normalized } } : {}),
    truncated: generation.usage.doneReason === 'length',
  };
}
