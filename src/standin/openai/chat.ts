// POST /v1/chat/completions, after vLLM's OpenAIServingChat (vllm/entrypoints/openai/serving_chat.py
// @ 003fe593): the model is checked (_check_model: 404 "The model `x` does not exist."), the prompt is
// rendered through the chat template (ChatML, as Qwen's), the length checked against max_model_len
// (serving_engine.py _validate_input), and the `n` sequences of the request share one prefill: one slot,
// the prompt evaluated once, then one chunk per sequence per decoding step (the `for output in
// res.outputs` loop). The stream opens with a role chunk per choice, each choice's last token carries
// its finish_reason, then (stream_options.include_usage) a usage chunk with `choices: []`, then
// `data: [DONE]`. Cached prompt tokens are reported in usage.prompt_tokens_details, as vLLM does when
// started with --enable-prompt-tokens-details.
//
// Log-probabilities: with the stand-in's `logprobs: false` (`--no-logprobs`) the request's `logprobs` and
// `top_logprobs` are accepted and every choice carries `logprobs: null`. That is LM Studio's
// /v1/chat/completions: its documented payload parameters have no logprobs (lmstudio-ai/docs,
// 1_developer/3_openai-compat/chat-completions.md @ 51c92c6), and a request asking for them gets an answer
// without them and no error (lmstudio-ai/lms issue 60, on LM Studio 0.3.5 and still open). LM Studio is
// closed source: its docs and that report are all there is to follow. Everything else stays vLLM's.
//
// Reasoning: a thinking model is served as with `--reasoning-parser` (qwen3, deepseek_r1): its trace streams
// as `delta.reasoning`, its answer as `delta.content` (reasoning.ts, with the vLLM sources and versions).
//
// Seeds: vLLM's V1 engine fans a request with `n` out into n child requests, child i seeded seed + i
// (vllm/v1/engine/parallel_sampling.py @ 003d3ee2, ParentRequest._get_child_sampling_params); the
// stand-in seeds sequence i with seed + i likewise, so `n` samples in one request are the samples of `n`
// requests seeded seed, seed+1, …, and Ponder's results do not depend on how samples were grouped.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SimResponse, SimToken } from '../../engine/model/sim/types';
import type { StandinContext } from '../context';
import { chatTemplate } from '../chat-templates';
import { QUEUE_FULL_MESSAGE } from '../faults';
import type { ActiveFault } from '../faults';
import { parseModelOptions } from '../model-options';
import { abortable, AbortedError, elapsedNs, nowNs, pause, untilAborted } from '../pacing';
import type { Lease } from '../slots';
import { QueueFullError } from '../slots';
import { applyBeforeFault } from '../routes/common';
import type { ErrorReply } from '../routes/common';
import { stopOnRawText } from '../raw-stops';
import { renderChatPrompt, toBackendMessages } from '../template';
import type { ChatRequest } from './request';
import { parseChatRequest } from './request';
import { servedModel } from './models';
import type { ServedEntry } from './models';
import { reasoningParserOf, thinksFor, tokenDelta } from './reasoning';
import { SseSink } from './sse';
import { sendJson, sendOpenAIError } from './wire';

export const CHAT_PATH = '/v1/chat/completions';

export async function handleChatCompletions(ctx: StandinContext, body: unknown, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const parsed = parseChatRequest(body);
  if (!parsed.ok) {
    sendOpenAIError(res, 400, parsed.message);
    return;
  }
  const request = parsed.value;
  const model = servedModel(ctx, request.model);
  if (!model || model.kind !== 'generate') {
    sendOpenAIError(res, 404, `The model \`${request.model}\` does not exist.`);
    return;
  }
  const prompt = request.continueFinalMessage || request.messages[request.messages.length - 1]?.role !== 'assistant'
    ? renderChatPrompt(request.messages)
    : renderChatPrompt([...request.messages, { role: 'user', content: '' }]).replace(/<\|im_start\|>user\n<\|im_end\|>\n/, '');
  const promptTokens = ctx.tokenize(prompt);
  const maxModelLen = model.entry.contextLength;
  const maxTokens = request.maxTokens ?? Math.max(1, maxModelLen - promptTokens.length);
  if (promptTokens.length + maxTokens > maxModelLen) {
    sendOpenAIError(
      res,
      400,
      `This model's maximum context length is ${maxModelLen} tokens. However, you requested ${promptTokens.length + maxTokens} tokens ` +
        `(${promptTokens.length} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
    );
    return;
  }
  const fault = ctx.faults.take(CHAT_PATH, model.entry.name);
  if (await applyOpenAIBeforeFault(ctx, fault, res, signal)) return;
  await serve(ctx, { request, entry: model, prompt, promptTokens, maxTokens }, res, fault, signal);
}

/**
 * vLLM's error object (serving_engine.py create_error_response, 003fe593). The 503 of the `queueFull` fault
 * switch carries `retry-after: 0`: that header is the fault switch's, not a vLLM behaviour (the source read
 * has no queue-full answer to cite); it lets a client's retry-after handling be exercised at once.
 */
const openAIReply: ErrorReply = (res, status, message) => sendOpenAIError(res, status, message, status === 503 ? { 'retry-after': '0' } : {});

/** A fault that strikes before the response starts, in vLLM's words. True when it handled the request. */
export function applyOpenAIBeforeFault(ctx: StandinContext, fault: ActiveFault | undefined, res: ServerResponse, signal: AbortSignal): Promise<boolean> {
  return applyBeforeFault(ctx, fault, res, signal, openAIReply);
}

interface Job {
  readonly request: ChatRequest;
  readonly entry: Extract<ServedEntry, { kind: 'generate' }>;
  readonly prompt: string;
  readonly promptTokens: readonly string[];
  readonly maxTokens: number;
}

interface Choice {
  readonly tokens: readonly SimToken[];
  readonly finishReason: 'stop' | 'length';
  text: string;
  /** `text` as the reasoning parser splits it. */
  reasoning: string;
  content: string;
}

async function serve(ctx: StandinContext, asked: Job, res: ServerResponse, fault: ActiveFault | undefined, signal: AbortSignal): Promise<void> {
  // A server without log-probabilities answers as if none had been asked for.
  const job: Job = ctx.options.logprobs ? asked : { ...asked, request: { ...asked.request, logprobs: false, topLogprobs: 0 } };
  const { request } = job;
  const runner = parseModelOptions(undefined, ctx.options.defaultNumCtx);
  if (!runner.ok) throw new Error(runner.error);
  const open = ctx.generations.begin({ model: job.entry.entry.display, prompt: job.prompt, logprobs: request.logprobs, numPredict: job.maxTokens });
  const sink = new SseSink(res, signal, request.stream ? fault : undefined);
  let lease: Lease;
  try {
    lease = await ctx.scheduler.acquire(
      { modelKey: job.entry.entry.key, runnerKey: runner.value.runnerKey, numCtx: runner.value.numCtx, keepAliveMs: ctx.options.defaultKeepAliveMs, promptTokens: job.promptTokens },
      signal,
    );
  } catch (err) {
    ctx.generations.end(open);
    if (err instanceof QueueFullError) {
      ctx.stats.rejectedQueueFull += 1;
      sendOpenAIError(res, 503, QUEUE_FULL_MESSAGE);
    }
    return;
  }
  const { stats } = ctx;
  stats.generationsStarted += 1;
  stats.peakActiveGenerations = Math.max(stats.peakActiveGenerations, ctx.scheduler.active);
  let completed = false;
  let firstText = '';
  try {
    await abortable(lease.ready, signal);
    open.streaming = true;
    const evaluated = job.promptTokens.length - lease.cachedTokens;
    stats.promptTokensEvaluated += evaluated;
    stats.promptTokensCached += lease.cachedTokens;
    if (ctx.options.promptEvalLatencyMs > 0 && evaluated > 0) await pause(ctx.options.promptEvalLatencyMs * evaluated, signal);
    const thinks = thinksFor(reasoningParserOf(job.entry.entry), request.enableThinking);
    let choices: Choice[];
    try {
      choices = Array.from({ length: request.n }, (_, i) => toChoice(respond(ctx, job, i, thinks), job.maxTokens));
    } catch (err) {
      sink.fail(500, err instanceof Error ? err.message : String(err));
      return;
    }
    const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
    const created = Math.floor(Date.now() / 1000);
    const envelope = (rest: Record<string, unknown>): Record<string, unknown> => ({ id, object: 'chat.completion.chunk', created, model: request.model, ...rest });
    if (request.stream) {
      for (let i = 0; i < choices.length; i++) {
        if (!(await sink.event(envelope({ choices: [{ index: i, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] }), false))) return;
      }
    }
    const longest = Math.max(0, ...choices.map((c) => c.tokens.length));
    const start = nowNs();
    const latencyNs = ctx.options.tokenLatencyMs * 1e6;
    for (let step = 0; step < Math.max(1, longest); step++) {
      // Every running sequence decodes one token per step, as one batch.
      const dueInMs = ((step + 1) * latencyNs - elapsedNs(start)) / 1e6;
      if (longest > 0) await pause(Math.max(0, dueInMs), signal);
      for (let i = 0; i < choices.length; i++) {
        const choice = choices[i]!;
        const token = choice.tokens[step];
        const last = step === Math.max(0, choice.tokens.length - 1);
        if (token === undefined && !(last && choice.tokens.length === 0)) continue;
        // The reasoning parser's split (reasoning.ts): trace tokens go out as reasoning, the rest as content.
        const reasoning = thinks && token?.thinking === true;
        if (token) {
          stats.tokensGenerated += 1;
          choice.text += token.text;
          if (reasoning) choice.reasoning += token.text;
          else choice.content += token.text;
        }
        if (!request.stream) continue;
        const chunk = envelope({
          choices: [
            {
              index: i,
              delta: tokenDelta(token?.text ?? '', reasoning, ctx.options.reasoningField),
              logprobs: request.logprobs && token ? { content: [wireLogprob(token, request.topLogprobs)] } : null,
              finish_reason: last ? choice.finishReason : null,
              ...(last ? { stop_reason: null } : {}),
            },
          ],
        });
        if (!(await sink.event(chunk, last && choices.every((c) => c.tokens.length - 1 <= step)))) return;
        open.tokensSent += 1;
      }
    }
    firstText = choices[0]?.text ?? '';
    const completionTokens = choices.reduce((sum, c) => sum + c.tokens.length, 0);
    const usage = {
      prompt_tokens: job.promptTokens.length,
      completion_tokens: completionTokens,
      total_tokens: job.promptTokens.length + completionTokens,
      ...(lease.cachedTokens > 0 ? { prompt_tokens_details: { cached_tokens: lease.cachedTokens } } : {}),
    };
    if (!request.stream) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: request.model,
        choices: choices.map((c, i) => ({
          index: i,
          message: {
            role: 'assistant',
            content: c.content,
            ...(thinks ? { [ctx.options.reasoningField]: c.reasoning === '' ? null : c.reasoning } : {}),
          },
          logprobs: request.logprobs ? { content: c.tokens.map((t) => wireLogprob(t, request.topLogprobs)) } : null,
          finish_reason: c.finishReason,
          stop_reason: null,
        })),
        usage,
      });
      completed = true;
      return;
    }
    if (request.includeUsage && !(await sink.event(envelope({ choices: [], usage }), true))) return;
    sink.done();
    completed = !sink.faulted;
  } catch (err) {
    if (!(err instanceof AbortedError)) sink.fail(500, err instanceof Error ? err.message : String(err));
  } finally {
    if (sink.stalled) await untilAborted(signal);
    lease.release(ctx.tokenize(job.prompt + firstText));
    ctx.generations.end(open);
    if (completed) stats.generationsCompleted += 1;
    else if (sink.faulted) stats.generationsFailed += 1;
    else stats.generationsAborted += 1;
  }
}

function respond(ctx: StandinContext, job: Job, index: number, think: boolean): SimResponse {
  const { request } = job;
  const response = ctx.respond({
    messages: toBackendMessages(request.messages),
    temperature: request.temperature,
    ...(request.seed !== undefined ? { seed: request.seed + index } : {}),
    maxTokens: job.maxTokens,
    ...(request.stop.length > 0 && !think ? { stop: request.stop } : {}),
    think,
    topLogprobs: request.logprobs ? request.topLogprobs : 0,
  });
  // vLLM matches stop strings on the detokenized output, trace included, before its reasoning parser splits
  // the trace out (vllm/v1/engine/detokenizer.py @ 001999d2, IncrementalDetokenizer.update:
  // StopChecker.check_stop_strings on output_text; the parser runs in the chat serving layer).
  if (!think || request.stop.length === 0) return response;
  return stopOnRawText(response, request.stop, chatTemplate(job.entry.entry.template).trace?.close ?? '');
}

function toChoice(response: SimResponse, maxTokens: number): Choice {
  const capped = response.tokens.length > maxTokens;
  return { tokens: response.tokens.slice(0, maxTokens), finishReason: capped ? 'length' : response.doneReason, text: '', reasoning: '', content: '' };
}

/** ChatCompletionLogProbsContent: token, logprob (-inf clamped to -9999.0), bytes, top_logprobs. */
function wireLogprob(token: SimToken, top: number): Record<string, unknown> {
  const entry = (text: string, logprob: number): Record<string, unknown> => ({ token: text, logprob: Math.max(logprob, -9999), bytes: [...Buffer.from(text, 'utf8')] });
  return { ...entry(token.text, token.logprob), top_logprobs: token.top.slice(0, top).map((alt) => entry(alt.token, alt.logprob)) };
}
