// One chunk of a generation, before it is shaped as a /api/generate or /api/chat object, and the wire
// forms shared by both: logprob entries and the omitempty metrics.
import type { SimToken } from '../engine/model/sim/types';
import type { ChunkFormat } from './ndjson';

export interface Metrics {
  readonly totalDuration: number;
  readonly loadDuration: number;
  readonly promptEvalCount: number;
  readonly promptEvalDuration: number;
  readonly evalCount: number;
  readonly evalDuration: number;
}

export interface CompletionChunk {
  readonly createdAt: string;
  readonly content: string;
  readonly thinking: string;
  readonly logprobs: readonly Record<string, unknown>[];
  readonly done: boolean;
  readonly doneReason?: string;
  readonly metrics?: Metrics;
  /** /api/generate outside raw mode: token ids of prompt and response. */
  readonly context?: readonly number[];
}

function tokenEntry(token: string, logprob: number): Record<string, unknown> {
  const entry: Record<string, unknown> = { token, logprob };
  if (token !== '') entry.bytes = [...Buffer.from(token, 'utf8')];
  return entry;
}

/** api.Logprob: token, logprob, bytes (omitempty), top_logprobs (omitempty). */
export function wireLogprob(token: SimToken, topLogprobs: number): Record<string, unknown> {
  const entry = tokenEntry(token.text, token.logprob);
  const top = topLogprobs > 0 ? token.top.slice(0, topLogprobs) : [];
  if (top.length > 0) entry.top_logprobs = top.map((alt) => tokenEntry(alt.token, alt.logprob));
  return entry;
}

/** api.Metrics: every field is omitempty, so zeros are left out. Durations are nanoseconds. */
export function wireMetrics(metrics: Metrics | undefined): Record<string, number> {
  if (!metrics) return {};
  const fields: [string, number][] = [
    ['total_duration', metrics.totalDuration],
    ['load_duration', metrics.loadDuration],
    ['prompt_eval_count', metrics.promptEvalCount],
    ['prompt_eval_duration', metrics.promptEvalDuration],
    ['eval_count', metrics.evalCount],
    ['eval_duration', metrics.evalDuration],
  ];
  return Object.fromEntries(fields.filter(([, value]) => value !== 0).map(([key, value]) => [key, Math.round(value)]));
}

/** A non-streamed response: text and thinking concatenated, logprobs accumulated, the rest from the last chunk. */
export function mergeChunks(items: readonly CompletionChunk[]): CompletionChunk {
  const last = items[items.length - 1];
  return {
    createdAt: last?.createdAt ?? new Date().toISOString(),
    content: items.map((c) => c.content).join(''),
    thinking: items.map((c) => c.thinking).join(''),
    logprobs: items.flatMap((c) => c.logprobs),
    done: last?.done ?? false,
    ...(last?.doneReason !== undefined ? { doneReason: last.doneReason } : {}),
    ...(last?.metrics !== undefined ? { metrics: last.metrics } : {}),
    ...(last?.context !== undefined ? { context: last.context } : {}),
  };
}

/** api.GenerateResponse field order: model, created_at, response, thinking, done, done_reason, context, metrics, logprobs. */
export function generateFormat(model: string): ChunkFormat<CompletionChunk> {
  return {
    merge: mergeChunks,
    toJson: (c) => ({
      model,
      created_at: c.createdAt,
      response: c.content,
      ...(c.thinking !== '' ? { thinking: c.thinking } : {}),
      done: c.done,
      ...(c.doneReason ? { done_reason: c.doneReason } : {}),
      ...(c.context && c.context.length > 0 ? { context: c.context } : {}),
      ...wireMetrics(c.metrics),
      ...(c.logprobs.length > 0 ? { logprobs: c.logprobs } : {}),
    }),
  };
}

/** api.ChatResponse field order: model, created_at, message, done, done_reason, logprobs, metrics. No context. */
export function chatFormat(model: string): ChunkFormat<CompletionChunk> {
  return {
    merge: mergeChunks,
    toJson: (c) => ({
      model,
      created_at: c.createdAt,
      message: { role: 'assistant', content: c.content, ...(c.thinking !== '' ? { thinking: c.thinking } : {}) },
      done: c.done,
      ...(c.doneReason ? { done_reason: c.doneReason } : {}),
      ...(c.logprobs.length > 0 ? { logprobs: c.logprobs } : {}),
      ...wireMetrics(c.metrics),
    }),
  };
}
