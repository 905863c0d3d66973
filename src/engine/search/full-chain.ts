// Generates one whole chain from any prompt (a solution, a revision) and streams it into the tree under a
// given node: a step node per paragraph, then an answer node (failed, with the reason, when the chain
// states no answer). The call's usage goes on the answer node, its thinking trace on the first step.
import type { NodeUsage } from '../../protocol/tree';
import type { ReserveOptions } from '../budget/ledger';
import { BudgetExhaustedError, meteredGenerate, MeteredCallError } from '../budget/metered';
import { describeModelError } from '../model/errors';
import type { ChatMessage } from '../model/types';
import { splitSteps } from '../prompts/solve';
import { ZERO_USAGE } from '../tree/tree';
import type { ChainOutcome } from './sample-chain';
import { StepStreamer } from './step-streamer';
import type { SearchContext } from './types';

export interface ChainRequest {
  readonly parentId: string;
  readonly messages: readonly ChatMessage[];
  readonly seed: number;
  /** Shown as the nodes' `sample`. */
  readonly sample: number;
  readonly reserve?: ReserveOptions;
}

/** Like sampleChain, from any prompt and under any node; the thinking trace is returned with the chain. */
export async function generateChain(context: SearchContext, request: ChainRequest): Promise<ChainOutcome & { thinking?: string }> {
  const { tree, options, signal } = context;
  const { sample } = request;
  const streamer = new StepStreamer(tree, request.parentId, sample);
  let thinking = '';
  try {
    const generation = await meteredGenerate({
      model: context.model,
      ledger: context.ledger,
      purpose: 'generate',
      signal,
      request: {
        ...(options.generatorModel === undefined ? {} : { model: options.generatorModel }),
        ...(options.think === undefined ? {} : { think: options.think }),
        messages: request.messages,
        temperature: options.temperature,
        seed: request.seed,
        maxTokens: options.maxTokensPerSample,
      },
      observer: {
        onText: (text) => streamer.text(text),
        onThinking: (text) => {
          thinking += text;
          streamer.thinking(text);
        },
      },
      reserve: { minTokens: options.minTokensPerSample, ...request.reserve },
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
    return {
      kind: answer ? 'answered' : 'unanswered',
      sample,
      text: generation.text,
      steps,
      stepIds: streamer.stepIds.slice(0, steps.length),
      answerNodeId,
      answer,
      thinking,
    };
  } catch (error) {
    if (error instanceof BudgetExhaustedError) return { kind: 'no-budget', sample };
    if (!(error instanceof MeteredCallError) && signal.aborted) return { kind: 'cancelled', sample };
    const usage = error instanceof MeteredCallError ? { ...error.usage, calls: 1 } : { ...ZERO_USAGE };
    if (signal.aborted) {
      streamer.fail('cancelled', usage);
      return { kind: 'cancelled', sample };
    }
    const original = error instanceof MeteredCallError ? error.original : error;
    streamer.fail(describeModelError(original), usage);
    return { kind: 'failed', sample, error: original };
  }
}
