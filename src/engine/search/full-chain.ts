// Generates one whole chain from any prompt (a solution, a revision) and streams it into the tree under a
// given node: a step node per paragraph, then an answer node (failed, with the reason, when the chain
// states no answer). The call's usage goes on the answer node, its thinking trace on the first step.
import type { ReserveOptions } from '../budget/ledger';
import type { ChatMessage } from '../model/types';
import { splitSteps } from '../prompts/solve';
import type { ChainOutcome } from './sample-chain';
import { StepStreamer } from './step-streamer';
import { streamGeneration } from './streamed-generation';
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
  const { tree, options } = context;
  const { sample } = request;
  const streamer = new StepStreamer(tree, request.parentId, sample);
  const call = await streamGeneration(context, streamer, {
    messages: request.messages,
    temperature: options.temperature,
    seed: request.seed,
    maxTokens: options.maxTokensPerSample,
    reserve: { minTokens: options.minTokensPerSample, ...request.reserve },
  });
  if (call.kind !== 'done') return { ...call, sample };
  const { generation, usage, thinking } = call;
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
}
