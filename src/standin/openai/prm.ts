// POST /pooling serving a simulated process reward model named Qwen/Qwen2.5-Math-PRM-7B, as vLLM serves
// the real one (vllm/entrypoints/openai/serving_pooling.py; the model class Qwen2ForProcessRewardModel in
// vllm/model_executor/models/qwen2_rm.py pools with PoolingType.STEP at step_tag_id 151651 = `<extra_0>`
// and a softmax over its two classes). The request's `input` is the chat-templated conversation the
// model card builds: system prompt, the problem as the user turn, and the assistant turn holding the
// steps, each followed by `<extra_0>`. The answer is one [P(negative), P(positive)] pair per step tag:
//   {"id": "pool-…", "object": "list", "created": …, "model": …,
//    "data": [{"index": 0, "object": "pooling", "data": [[p0, p1], …]}],
//    "usage": {"prompt_tokens": …, "total_tokens": …, "completion_tokens": 0, "prompt_tokens_details": null}}
// The whole chain is scored in one forward pass: one slot, no generated tokens.
//
// How good the simulated PRM is: the simulated judge's step beliefs (engine/model/sim/judge.ts) with
// PRM_PARAMS below — more accurate than the small prompted judge and less fooled at the generator's
// trap, since it is a separately trained 7B model; the values are a stated assumption (docs/simulator.md),
// not fitted to any target.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { judgeStep } from '../../engine/model/sim/judge';
import { resolveSimParams } from '../../engine/model/sim/config';
import type { StandinContext } from '../context';
import { parseChatPrompt } from '../template';
import { applyOpenAIBeforeFault } from './chat';
import { servedModel } from './models';
import { sendJson, sendOpenAIError } from './wire';

export const POOLING_PATH = '/pooling';
/** The token Qwen2.5-Math-PRM reads a step's reward at. */
export const QWEN_STEP_TAG = '<extra_0>';

export const PRM_PARAMS = resolveSimParams({
  judgeAccuracy: 0.86,
  judgeLeniency: 0.04,
  judgeAccuracyOnTrap: 0.6,
  judgeSpread: 2.2,
});

export async function handlePooling(ctx: StandinContext, body: unknown, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { model?: unknown; input?: unknown; messages?: unknown };
  const name = typeof b.model === 'string' ? b.model : '';
  const model = servedModel(ctx, name);
  if (!model) {
    sendOpenAIError(res, 404, `The model \`${name}\` does not exist.`);
    return;
  }
  if (model.kind !== 'reward') {
    // A generative model has no pooler for this task (vLLM refuses pooling requests to it).
    sendOpenAIError(res, 400, `The model \`${name}\` does not support the pooling API.`);
    return;
  }
  const inputs = typeof b.input === 'string' ? [b.input] : Array.isArray(b.input) && b.input.every((x) => typeof x === 'string') ? (b.input) : undefined;
  if (!inputs || inputs.length === 0) {
    sendOpenAIError(res, 400, 'input: Input should be a valid string or a list of strings');
    return;
  }
  const fault = ctx.faults.take(POOLING_PATH, name);
  if (await applyOpenAIBeforeFault(ctx, fault, res, signal)) return;
  let promptTokens = 0;
  const data = inputs.map((input, index) => {
    const tokens = ctx.tokenize(input).length;
    promptTokens += tokens;
    if (tokens > model.contextLength) return undefined;
    return { index, object: 'pooling', data: stepRewards(input).map((p) => [1 - p, p]) };
  });
  if (data.some((d) => d === undefined)) {
    sendOpenAIError(res, 400, `This model's maximum context length is ${model.contextLength} tokens. Please reduce the length of the input.`);
    return;
  }
  ctx.stats.promptTokensEvaluated += promptTokens;
  sendJson(res, 200, {
    id: `pool-${randomUUID().replace(/-/g, '')}`,
    object: 'list',
    created: Math.floor(Date.now() / 1000),
    model: name,
    data,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0, prompt_tokens_details: null },
  });
}

/** P(step correct) at each `<extra_0>` of a Qwen2.5-Math-PRM conversation. */
export function stepRewards(input: string): number[] {
  const messages = parseChatPrompt(input);
  const problem = messages.find((m) => m.role === 'user')?.content ?? '';
  const answer = [...messages].reverse().find((m) => m.role === 'assistant')?.content ?? '';
  const pieces = answer.split(QWEN_STEP_TAG);
  // Text after the last tag is not a scored step.
  const steps = pieces.slice(0, -1).map((s) => s.trim());
  return steps.map((_, i) => judgeStep(problem, steps, i + 1, PRM_PARAMS).pYes);
}
