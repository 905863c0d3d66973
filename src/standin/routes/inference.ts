// Steps /api/generate and /api/chat share: model lookup with Ollama's errors, think resolution,
// validation of logprobs, keep_alive, load-only requests.
import type { ServerResponse } from 'node:http';
import type { StandinContext } from '../context';
import type { ThinkingDelivery } from '../generation';
import type { ModelEntry } from '../models';
import type { ModelOptions } from '../model-options';
import { parseModelName } from '../names';
import { sendError } from '../json';
import { QUEUE_FULL_MESSAGE } from '../faults';
import { QueueFullError } from '../slots';
import type { ThinkValue } from '../think';
import { parseThink, thinkEnabled } from '../think';
import { keepAliveMs } from '../request-fields';
import { abortable } from '../pacing';

/** Sends the error and returns undefined when the model is missing, malformed or not installed. */
export function findModel(
  ctx: StandinContext,
  res: ServerResponse,
  name: string,
  missing: { status: number; message: string },
): ModelEntry | undefined {
  const parsed = parseModelName(name);
  if (parsed.kind === 'empty') {
    sendError(res, missing.status, missing.message);
    return undefined;
  }
  if (parsed.kind === 'invalid') {
    sendError(res, 400, 'invalid model name');
    return undefined;
  }
  const model = ctx.catalog.find(name);
  if (!model) sendError(res, 404, `model '${name}' not found`);
  return model;
}

/** top_logprobs outside 0..20 is a 400 (servers that know logprobs only). */
export function checkTopLogprobs(ctx: StandinContext, res: ServerResponse, body: Record<string, unknown>): boolean {
  const top = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
  if (ctx.features.logprobs && (top < 0 || top > 20)) {
    sendError(res, 400, 'top_logprobs must be between 0 and 20');
    return false;
  }
  return true;
}

export function logprobSettings(ctx: StandinContext, body: Record<string, unknown>): { logprobs: boolean; topLogprobs: number } {
  if (!ctx.features.logprobs || body.logprobs !== true) return { logprobs: false, topLogprobs: 0 };
  return { logprobs: true, topLogprobs: typeof body.top_logprobs === 'number' ? body.top_logprobs : 0 };
}

export function parseThinkField(ctx: StandinContext, res: ServerResponse, body: Record<string, unknown>, goType: string):
  | { ok: true; value: ThinkValue | undefined }
  | { ok: false } {
  const think = parseThink(body.think, goType, ctx.features);
  if (!think.ok) {
    sendError(res, 400, think.error);
    return { ok: false };
  }
  return think;
}

/** How many times longer a harmony model's trace is at each level than at "low" (the stand-in's model of it). */
const HARMONY_TRACE_LENGTH = { low: 1, medium: 2, high: 4 } as const;

/** Model families Ollama renders with harmony (server/routes.go shouldUseHarmony, v0.33.0-rc2). */
const HARMONY_FAMILIES = ['gptoss', 'gpt-oss'];

/**
 * Thinking for this request: on by default for a thinking model; asking a model without the capability
 * to think is a 400. Servers before 0.9.0 know no `think`: a thinking model thinks inline. A harmony model
 * (gpt-oss) always thinks: true/false are ignored, "max" is mapped to "high", no level means "medium"
 * (server/routes.go at v0.33.0-rc2; docs/capabilities/thinking.mdx), and the level sets `traceLength`.
 */
export function resolveThinking(
  ctx: StandinContext,
  res: ServerResponse,
  model: ModelEntry,
  requestedName: string,
  think: ThinkValue | undefined,
): { think: boolean; delivery: ThinkingDelivery; traceLength?: number } | undefined {
  const capable = model.capabilities.includes('thinking');
  if (!ctx.features.think) return capable ? { think: true, delivery: 'inline' } : { think: false, delivery: 'content' };
  if (capable && HARMONY_FAMILIES.includes(model.family)) {
    const level = think === 'low' || think === 'medium' || think === 'high' ? think : think === 'max' ? 'high' : 'medium';
    return { think: true, delivery: 'separate', traceLength: HARMONY_TRACE_LENGTH[level] };
  }
  if (capable) {
    const on = thinkEnabled(think ?? true);
    return { think: on, delivery: on ? 'separate' : 'content' };
  }
  if (thinkEnabled(think)) {
    sendError(res, 400, `${JSON.stringify(requestedName)} does not support thinking`);
    return undefined;
  }
  return { think: false, delivery: 'content' };
}

export function requestKeepAlive(ctx: StandinContext, body: Record<string, unknown>): number {
  return keepAliveMs(body.keep_alive, ctx.options.defaultKeepAliveMs);
}

/** keep_alive given and zero: the request asks to unload. */
export function asksToUnload(body: Record<string, unknown>): boolean {
  return body.keep_alive !== undefined && body.keep_alive !== null && keepAliveMs(body.keep_alive, 1) === 0;
}

/** Loads the model without generating (empty prompt / no messages). Sends a 503 itself; false when not loaded. */
export async function loadOnly(
  ctx: StandinContext,
  res: ServerResponse,
  model: ModelEntry,
  options: ModelOptions,
  keepAlive: number,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    const lease = await ctx.scheduler.acquire(
      { modelKey: model.key, runnerKey: options.runnerKey, numCtx: options.numCtx, keepAliveMs: keepAlive },
      signal,
    );
    await abortable(lease.ready, signal);
    return !signal.aborted;
  } catch (err) {
    if (err instanceof QueueFullError) {
      ctx.stats.rejectedQueueFull += 1;
      sendError(res, 503, QUEUE_FULL_MESSAGE);
    }
    return false;
  }
}
