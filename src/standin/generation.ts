// One generation from slot to final chunk: wait for a slot (queued, no headers yet), evaluate the part of
// the prompt the slot has not cached, then emit the backend's tokens one per chunk, paced by the token
// latency. An abort (client gone, or close()) stops it at once: the pending timer is cleared, no further
// token is produced or written, and the slot is freed.
import type { ChatMessage } from '../engine/model/types';
import type { SimResponse, SimToken } from '../engine/model/sim/types';
import type { CompletionChunk } from './completion-chunk';
import { wireLogprob } from './completion-chunk';
import type { StandinContext } from './context';
import { QUEUE_FULL_MESSAGE } from './faults';
import { chatTemplate } from './chat-templates';
import { stopOnRawText } from './raw-stops';
import type { ModelEntry } from './models';
import type { ModelOptions } from './model-options';
import type { OpenGenerationEntry } from './open-generations';
import type { ChunkSink } from './ndjson';
import { abortable, AbortedError, elapsedNs, nowNs, pause, untilAborted } from './pacing';
import type { Lease } from './slots';
import { QueueFullError } from './slots';
import type { TruncateFlags } from './truncation';
import { truncateTokens } from './truncation';
import type { ThinkingParser } from './thinking-parser';

/** How tokens the backend marks as thinking reach the client. */
export type ThinkingDelivery =
  /** In the separate `thinking` field (think enabled). */
  | 'separate'
  /** Inline in the text between `<think>` tags (servers before 0.9.0). */
  | 'inline'
  /** As plain text (think disabled: there is no parser to separate them). */
  | 'content'
  /**
   * As the model writes them in a raw generation: the trace between its tags (or, when the prompt left a
   * trace open, the rest of it and the closing tag), split only by Ollama's generic thinking parser when one
   * applies (RawOutput.parser).
   */
  | 'raw';

/** How a raw generation's tokens become text (delivery 'raw'). */
export interface RawOutput {
  /** What the model writes to open and close its trace. */
  readonly open: string;
  readonly close: string;
  /** The prompt ends inside an open trace: the model's thinking goes on without an opening tag. */
  readonly inTrace: boolean;
  /** Ollama's thinking parser, when think is on and the template has tags; otherwise all is content. */
  readonly parser?: ThinkingParser;
}

export interface CompletionJob {
  readonly model: ModelEntry;
  /** num_ctx already capped at the model's trained context. */
  readonly options: ModelOptions;
  readonly truncation: TruncateFlags;
  readonly keepAliveMs: number;
  /** The rendered prompt: its tokens are what prompt evaluation counts. */
  readonly prompt: string;
  readonly messages: readonly ChatMessage[];
  readonly think: boolean;
  readonly thinking: ThinkingDelivery;
  /** For delivery 'raw'. */
  readonly rawOutput?: RawOutput;
  /** A trace the prompt already holds, passed to the backend (a raw prompt continuing or closing a trace). */
  readonly priorThinking?: string;
  /** A harmony model's trace at this level is the backend's trace this many times over (default 1). */
  readonly traceLength?: number;
  readonly logprobs: boolean;
  readonly topLogprobs: number;
  /** Return `context` token ids in the final chunk (/api/generate outside raw mode). */
  readonly withContext: boolean;
  /** When the request arrived (hrtime ns): total and load durations count from here. */
  readonly startedAt: bigint;
}

class ThinkingShaper {
  private inThinking = false;

  constructor(
    private readonly delivery: ThinkingDelivery,
    private readonly raw?: RawOutput,
  ) {
    if (raw?.inTrace) this.inThinking = true;
  }

  piece(token: SimToken): { content: string; thinking: string } {
    if (this.delivery === 'raw' && this.raw) {
      let prefix = '';
      if (token.thinking && !this.inThinking) prefix = this.raw.open;
      if (!token.thinking && this.inThinking) prefix = this.raw.close;
      this.inThinking = token.thinking;
      const text = prefix + token.text;
      return this.raw.parser ? this.raw.parser.addContent(text) : { content: text, thinking: '' };
    }
    if (this.delivery === 'separate') return token.thinking ? { content: '', thinking: token.text } : { content: token.text, thinking: '' };
    if (this.delivery === 'content') return { content: token.text, thinking: '' };
    let prefix = '';
    if (token.thinking && !this.inThinking) prefix = '<think>';
    if (!token.thinking && this.inThinking) prefix = '</think>';
    this.inThinking = token.thinking;
    return { content: prefix + token.text, thinking: '' };
  }

  finish(): string {
    if (this.delivery !== 'inline') return '';
    return this.inThinking ? '</think>' : '';
  }
}

function limitTokens(response: SimResponse, numPredict: number): { tokens: readonly SimToken[]; doneReason: string } {
  if (numPredict > 0 && response.tokens.length >= numPredict) {
    const capped = response.tokens.length > numPredict || response.doneReason === 'length';
    return { tokens: response.tokens.slice(0, numPredict), doneReason: capped ? 'length' : response.doneReason };
  }
  return { tokens: response.tokens, doneReason: response.doneReason };
}

/**
 * With `shift` off, generation stops with done_reason "length" when the context is full: the Go runner
 * removes the sequence once prompt + generated + 1 exceeds num_ctx (runner/ollamarunner/runner.go v0.13.0,
 * `!seq.shift` → DoneReasonLength); llama-server stops at prompt + generated + 1 ≥ n_ctx (llama.cpp
 * tools/server/server-context.cpp process_token, "stopped due to running out of context capacity").
 * With `shift` on the context is shifted and generation goes on; the stand-in does not model the shift.
 */
function stopAtFullContext(
  limited: { tokens: readonly SimToken[]; doneReason: string },
  promptLength: number,
  numCtx: number,
  llamaServer: boolean,
): { tokens: readonly SimToken[]; doneReason: string } {
  const room = Math.max(0, llamaServer ? numCtx - 1 - promptLength : numCtx - promptLength);
  if (limited.tokens.length <= room) return limited;
  return { tokens: limited.tokens.slice(0, room), doneReason: 'length' };
}

/** The thinking part of a response repeated `times` over, before the answer. */
function lengthenTrace(response: SimResponse, times: number): SimResponse {
  if (times <= 1) return response;
  const trace = response.tokens.filter((t) => t.thinking);
  if (trace.length === 0) return response;
  const rest = response.tokens.filter((t) => !t.thinking);
  const longer = Array.from({ length: times }, () => trace).flat();
  return { ...response, tokens: [...longer, ...rest] };
}

export async function runCompletion(
  ctx: StandinContext,
  job: CompletionJob,
  sink: ChunkSink<CompletionChunk>,
  signal: AbortSignal,
): Promise<void> {
  const open = ctx.generations.begin({ model: job.model.display, prompt: job.prompt, logprobs: job.logprobs, numPredict: job.options.numPredict });
  try {
    await serveCompletion(ctx, job, sink, signal, open);
  } finally {
    ctx.generations.end(open);
  }
}

async function serveCompletion(
  ctx: StandinContext,
  job: CompletionJob,
  sink: ChunkSink<CompletionChunk>,
  signal: AbortSignal,
  open: OpenGenerationEntry,
): Promise<void> {
  let promptTokens: readonly string[] = ctx.tokenize(job.prompt);
  let messages = job.messages;
  const outcome = truncateTokens(promptTokens, job.options.numCtx, job.options.numKeep, job.truncation, ctx.features);
  if (outcome.kind === 'refused') {
    sink.fail(outcome.status, outcome.message);
    return;
  }
  if (outcome.kind === 'cut') {
    // The model sees only what is left of the prompt: the backend gets that text, whatever it was.
    promptTokens = outcome.tokens;
    messages = [{ role: 'user', content: outcome.tokens.join('') }];
    ctx.stats.promptsCut += 1;
  }
  const prompt = promptTokens.join('');
  let lease: Lease;
  try {
    lease = await ctx.scheduler.acquire(
      {
        modelKey: job.model.key,
        runnerKey: job.options.runnerKey,
        numCtx: job.options.numCtx,
        keepAliveMs: job.keepAliveMs,
        promptTokens,
      },
      signal,
    );
  } catch (err) {
    if (err instanceof QueueFullError) {
      ctx.stats.rejectedQueueFull += 1;
      sink.fail(503, QUEUE_FULL_MESSAGE);
    }
    return; // otherwise aborted while queued: nobody is listening
  }

  const { stats } = ctx;
  stats.generationsStarted += 1;
  stats.peakActiveGenerations = Math.max(stats.peakActiveGenerations, ctx.scheduler.active);
  let generated = '';
  let completed = false;
  try {
    await abortable(lease.ready, signal);
    open.streaming = true;
    const loadDuration = elapsedNs(job.startedAt);
    const evaluated = promptTokens.length - lease.cachedTokens;
    stats.promptTokensEvaluated += evaluated;
    stats.promptTokensCached += lease.cachedTokens;
    // Prompt evaluation takes time per token not served from the slot's cache; prompt_eval_duration is
    // that time (the Go runner's processingDuration, llama-server's timings.prompt_ms), so a cache hit
    // shows there whatever prompt_eval_count says.
    const evalStart = nowNs();
    if (ctx.options.promptEvalLatencyMs > 0 && evaluated > 0) {
      await pause(ctx.options.promptEvalLatencyMs * evaluated, signal);
    }
    // With a latency set, the duration reported is the modelled one (latency × tokens evaluated), so that
    // figures built on it do not depend on how late the machine's timers fire.
    const modelledNs = ctx.options.promptEvalLatencyMs * evaluated * 1e6;
    const promptEvalDuration = modelledNs > 0 ? modelledNs : elapsedNs(evalStart);
    // prompt_eval_count is the whole prompt, cached tokens included (runner/ollamarunner/runner.go v0.13.0
    // `numPromptInputs: len(inputs)`; llm/llama_server.go v0.33.0-rc2 `cache_n + prompt_n`), except in
    // 0.30.0, which reported llama-server's prompt_n alone.
    const promptEvalCount = ctx.features.promptEvalCountUncached ? evaluated : promptTokens.length;

    let response: SimResponse;
    try {
      response = ctx.respond({
        messages,
        temperature: job.options.temperature,
        ...(job.options.seed >= 0 ? { seed: job.options.seed } : {}),
        maxTokens: job.options.numPredict > 0 ? job.options.numPredict : -1,
        // A thinking request's stops are matched on its raw text below, trace included (raw-stops.ts).
        ...(job.options.stop.length > 0 && !job.think ? { stop: job.options.stop } : {}),
        think: job.think,
        // A model the stand-in serves as thinking thinks as the simulated reasoner's thinking mode does, its
        // trace and answer under the one num_predict (llm/llama_server.go v0.33.0-rc2 sends it as the
        // completion's n_predict; server/routes.go splits the thinking out of the generated content after).
        ...(job.think ? { thinkingModel: true } : {}),
        ...(job.priorThinking === undefined ? {} : { priorThinking: job.priorThinking }),
        topLogprobs: job.logprobs ? job.topLogprobs : 0,
      });
    } catch (err) {
      sink.fail(500, err instanceof Error ? err.message : String(err));
      return;
    }
    if (job.think && job.options.stop.length > 0) response = stopOnRawText(response, job.options.stop, chatTemplate(job.model.template).trace?.close ?? '');
    const limited = limitTokens(lengthenTrace(response, job.traceLength ?? 1), job.options.numPredict);
    const { tokens, doneReason } = job.truncation.shift ? limited : stopAtFullContext(limited, promptTokens.length, job.options.numCtx, ctx.features.llamaServer);
    const shaper = new ThinkingShaper(job.thinking, job.rawOutput);
    const generationStart = nowNs();
    // Token i is due at start + (i + 1) × latency, like a server that decodes at a steady rate: timer
    // lateness and per-token work on one token do not push back every later one.
    const latencyNs = ctx.options.tokenLatencyMs * 1e6;
    let index = 0;
    // Ollama's loop guard (llm/server.go v0.13.0 and llm/llama_server.go v0.33.0-rc2): a token equal,
    // trimmed, to the one before counts a repeat; past 30 repeats the runner's answer ends there, before
    // that token is sent, and the 200 response ends with no `done`.
    let lastPiece: string | undefined;
    let repeats = 0;
    for (const token of tokens) {
      index += 1;
      const trimmed = token.text.trim();
      repeats = trimmed === lastPiece ? repeats + 1 : 0;
      lastPiece = trimmed;
      if (repeats > 30) {
        ctx.stats.repetitionAborts += 1;
        sink.endWithoutDone();
        return;
      }
      const dueInMs = (index * latencyNs - elapsedNs(generationStart)) / 1e6;
      await pause(Math.max(0, dueInMs), signal);
      stats.tokensGenerated += 1;
      generated += token.text;
      const piece = shaper.piece(token);
      const chunk: CompletionChunk = {
        createdAt: new Date().toISOString(),
        ...piece,
        logprobs: job.logprobs ? [wireLogprob(token, job.topLogprobs)] : [],
        done: false,
      };
      if (!(await sink.chunk(chunk, false))) return;
      open.tokensSent += 1;
    }
    const evalDuration = tokens.length > 0 ? elapsedNs(generationStart) : 0;
    const final: CompletionChunk = {
      createdAt: new Date().toISOString(),
      content: shaper.finish(),
      thinking: '',
      logprobs: [],
      done: true,
      doneReason,
      metrics: {
        totalDuration: elapsedNs(job.startedAt),
        loadDuration,
        promptEvalCount,
        promptEvalDuration: evaluated > 0 ? promptEvalDuration : 0,
        evalCount: tokens.length,
        evalDuration,
      },
      ...(job.withContext ? { context: ctx.vocabulary.encode(ctx.tokenize(prompt + generated)) } : {}),
    };
    completed = await sink.chunk(final, true);
  } catch (err) {
    if (!(err instanceof AbortedError)) sink.fail(500, err instanceof Error ? err.message : String(err));
  } finally {
    // A stalled response keeps its slot, like a hung runner, until the client gives up.
    if (sink.stalled) await untilAborted(signal);
    lease.release(ctx.tokenize(prompt + generated));
    if (completed && !sink.faulted) stats.generationsCompleted += 1;
    else if (sink.faulted) stats.generationsFailed += 1;
    else stats.generationsAborted += 1;
  }
}
