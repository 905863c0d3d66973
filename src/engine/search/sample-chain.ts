// Samples one complete chain for a problem, streaming it into the tree: step nodes as paragraphs arrive,
// then an answer node (failed, with the reason, when no answer can be extracted: such a chain does not
// vote). The generation's usage goes on the answer node; a failed call's on the failed node.
import type { NodeUsage } from '../../protocol/tree';
import type { ReserveOptions } from '../budget/ledger';
import { BudgetExhaustedError, meteredGenerate, MeteredCallError } from '../budget/metered';
import { describeModelError } from '../model/errors';
import { solveMessages, splitSteps } from '../prompts/solve';
import { ZERO_USAGE } from '../tree/tree';
import { StepStreamer } from './step-streamer';
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
  const { tree, options, signal } = context;
  const streamer = new StepStreamer(tree, tree.rootId, sample);
  try {
    const generation = await meteredGenerate({
      model: context.model,
      ledger: context.ledger,
      purpose: 'generate',
      signal,
      request: {
        ...(options.generatorModel === undefined ? {} : { model: options.generatorModel }),
        ...(options.think === undefined ? {} : { think: options.think }),
        messages: solveMessages(context.problem),
        temperature: options.temperature,
        seed: options.seed + sample,
        maxTokens: options.maxTokensPerSample,
      },
      observer: { onText: (text) => streamer.text(text), onThinking: (text) => streamer.thinking(text) },
      reserve: { minTokens: options.minTokensPerSample, ...reserve },
    });
    streamer.end();
    const usage: NodeUsage = {
      promptTokens: generation.usage.promptTokens,
      generatedTokens: generation.usage.generatedTokens,
      calls: 1,
      wallMs: generation.wallMs,
    };
    const steps = splitSteps(generation.text);
    const raw = context.answers.extract(generation.text);
    const answer = raw === undefined ? '' : context.answers.normalize(raw);
    const truncated = generation.usage.doneReason === 'length' ? ` (stopped at the limit of ${generation.granted} tokens)` : '';
    const answerNodeId = tree.add({
      parentId: streamer.tipId,
      kind: 'answer',
      sample,
      usage,
      ...(answer
        ? { status: 'done', text: raw ?? '', answer }
        : { status: 'failed', text: '', reason: `no final answer found${truncated}: this chain does not vote` }),
    });
    return { kind: answer ? 'answered' : 'unanswered', sample, text: generation.text, steps, stepIds: streamer.stepIds.slice(0, steps.length), answerNodeId, answer };
  } catch (error) {
    if (error instanceof BudgetExhaustedError) return { kind: 'no-budget', sample };
    // Cancelled before the call started: nothing to show.
    if (!(error instanceof MeteredCallError) && signal.aborted) return { kind: 'cancelled', sample };
    const usage = error instanceof MeteredCallError ? { ...error.usage, calls: 1 } : { ...ZERO_USAGE };
    const original = error instanceof MeteredCallError ? error.original : error;
    if (signal.aborted) {
      streamer.fail('cancelled', usage);
      return { kind: 'cancelled', sample };
    }
    streamer.fail(describeModelError(original), usage);
    return { kind: 'failed', sample, error: original };
  }
}
