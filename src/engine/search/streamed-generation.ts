// One generation of the generator model streamed into the tree (text and thinking through a StepStreamer),
// charged to the ledger, with every way it can end turned into a value: done (with its usage), no budget,
// cancelled or failed — a failed or cancelled call marks its streamed nodes failed with the reason.
import type { NodeUsage } from '../../protocol/tree';
import type { ReserveOptions } from '../budget/ledger';
import type { MeteredGeneration } from '../budget/metered';
import { BudgetExhaustedError, meteredGenerate, MeteredCallError } from '../budget/metered';
import { describeModelError, ThinkingExhaustedError } from '../model/errors';
import type { ChatMessage, Generation, ThinkingOutcome, ThinkSetting } from '../model/types';
import { ZERO_USAGE } from '../tree/tree';
import type { StepStreamer } from './step-streamer';
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

/**
 * Why a generation that thought has nothing to show for it, or undefined when it wrote text (or did not
 * think). A trace stopped at its budget or allowance by a model that cannot be forced ends `stopped`; a trace
 * that ran into the call's own cap (the ledger granted less than the allowance) ends at `length` with no text.
 */
function thinkingExhausted(generation: Generation, thinking: string, granted: number): ThinkingExhaustedError | undefined {
  if (generation.text.trim() !== '') return undefined;
  const outcome = generation.thinkingOutcome;
  if (outcome?.ending === 'stopped' && outcome.tokens >= outcome.budget) {
    const limit = outcome.allowance
      ? `the ${outcome.budget}-token trace allowance of one generation (no thinking budget was set)`
      : `its thinking budget of ${outcome.budget} tokens`;
    const how = outcome.method ? ` (${outcome.method})` : '';
    const advice = outcome.allowance
      ? 'A lower thinking level, or a model Ponder can force (qwen3, deepseek-r1, magistral), keeps traces within it.'
      : 'A larger budget, or a model Ponder can force (qwen3, deepseek-r1, magistral), lets it answer.';
    return new ThinkingExhaustedError(
      `The model's thinking reached ${limit} and this model cannot be made to answer from a cut trace${how}: ` +
        `this generation has no text and is dropped. ${advice}`,
    );
  }
  if (thinking !== '' && (outcome?.ending === 'stopped' || generation.usage.doneReason === 'length')) {
    return new ThinkingExhaustedError(
      `The model's thinking used all ${granted} tokens this generation was granted before it wrote any text ` +
        '(the token budget had no more room for it): this generation has no text and is dropped.',
    );
  }
  return undefined;
}

/**
 * The node with the trace gets its length and, under a budget, the budget and how it ended (budget forcing's
 * outcome). Under the trace allowance alone only a trace the allowance cut or stopped says so: one that ended
 * by itself had no budget to speak of.
 */
function recordThinking(context: SearchContext, nodeId: string | undefined, outcome: ThinkingOutcome | undefined): void {
  if (!outcome || nodeId === undefined) return;
  if (outcome.allowance && outcome.ending === 'natural') {
    context.tree.update(nodeId, { thinkingTokens: outcome.tokens });
    return;
  }
  context.tree.update(nodeId, {
    thinkingTokens: outcome.tokens,
    thinkingBudget: outcome.budget,
    thinkingEnding: outcome.ending,
    thinkingExtensions: outcome.extensions,
    ...(outcome.allowance ? { thinkingLimit: 'allowance' as const } : {}),
  });
}

function thinkField(context: SearchContext): { think?: ThinkSetting } {
  const think = context.thinking ? context.thinking.think : context.options.think;
  return think === undefined ? {} : { think };
}
