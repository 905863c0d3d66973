// One generation of the generator model streamed into the tree (text and thinking through a StepStreamer),
// charged to the ledger, with every way it can end turned into a value: done (with its usage), no budget,
// cancelled or failed — a failed or cancelled call marks its streamed nodes failed with the reason.
import type { NodeUsage } from '../../protocol/tree';
import type { ReserveOptions } from '../budget/ledger';
import type { MeteredGeneration } from '../budget/metered';
import { BudgetExhaustedError, meteredGenerate, MeteredCallError } from '../budget/metered';
import { describeModelError } from '../model/errors';
import type { ChatMessage, ThinkSetting } from '../model/types';
import { ZERO_USAGE } from '../tree/tree';
import type { StepStreamer } from './step-streamer';
import { recordThinking, thinkingExhausted } from './generation-thinking';
import type { SearchContext } from './types';

export interface StreamedRequest {
  readonly messages: readonly ChatMessage[];
  readonly temperature: number;
  readonly seed: number;
  readonly maxTokens: number;
  readonly stop?: readonly string[];
  readonly reserve?: ReserveOptions;
}

export type StreamedGeneration =
  | { readonly kind: 'done'; readonly generation: MeteredGeneration; readonly usage: NodeUsage; readonly thinking: string }
  /** The ledger refused: nothing was generated and nothing is in the tree. */
  | { readonly kind: 'no-budget' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly error: unknown };

export async function streamGeneration(context: SearchContext, streamer: StepStreamer, request: StreamedRequest): Promise<StreamedGeneration> {
  const { options, signal } = context;
  let thinking = '';
  try {
    const generation = await meteredGenerate({
      model: context.model,
      ledger: context.ledger,
      purpose: 'generate',
      signal,
      request: {
        ...(options.generatorModel === undefined ? {} : { model: options.generatorModel }),
        ...thinkField(context),
        messages: request.messages,
        temperature: request.temperature,
        seed: request.seed,
        // A thinking model's trace counts against the same cap: it gets its own allowance on top, so a
        // step is never empty for having spent its tokens thinking.
        maxTokens: request.maxTokens + (context.thinking?.allowance ?? 0),
        ...(context.thinking?.budget === undefined ? {} : { thinkingBudget: context.thinking.budget }),
        ...(request.stop === undefined ? {} : { stop: [...request.stop] }),
      },
      observer: {
        onText: (text) => streamer.text(text),
        onThinking: (text) => {
          thinking += text;
          streamer.thinking(text);
        },
      },
      ...(request.reserve === undefined ? {} : { reserve: request.reserve }),
    });
    // Read before end(): the node that holds the trace, which end() may close.
    const thinkingNodeId = streamer.thinkingNodeId;
    const usage: NodeUsage = {
      promptTokens: generation.usage.promptTokens,
      generatedTokens: generation.usage.generatedTokens,
      calls: 1,
      wallMs: generation.wallMs,
    };
    const exhausted = thinkingExhausted(generation, thinking, generation.granted);
    if (exhausted) {
      // The trace took everything and no text came: a failed generation, said why, not an empty step.
      streamer.fail(exhausted.message, usage);
      recordThinking(context, thinkingNodeId, generation.thinkingOutcome);
      return { kind: 'failed', error: exhausted };
    }
    streamer.end();
    recordThinking(context, thinkingNodeId, generation.thinkingOutcome);
    return { kind: 'done', generation, usage, thinking };
  } catch (error) {
    if (error instanceof BudgetExhaustedError) return { kind: 'no-budget' };
    if (!(error instanceof MeteredCallError) && signal.aborted) return { kind: 'cancelled' };
    const usage = error instanceof MeteredCallError ? { ...error.usage, calls: 1 } : { ...ZERO_USAGE };
    if (signal.aborted) {
      streamer.fail('cancelled', usage);
      return { kind: 'cancelled' };
    }
    const original = error instanceof MeteredCallError ? error.original : error;
    streamer.fail(describeModelError(original), usage);
    return { kind: 'failed', error: original };
  }
}

function thinkField(context: SearchContext): { think?: ThinkSetting } {
  const think = context.thinking ? context.thinking.think : context.options.think;
  return think === undefined ? {} : { think };
}
