// POST /api/generate, following Ollama's GenerateHandler step by step (the order decides which error a
// request with several problems gets).
import type { CompletionChunk } from '../completion-chunk';
import { generateFormat } from '../completion-chunk';
import { runCompletion } from '../generation';
import { sendError, sendJson } from '../json';
import { parseModelOptions } from '../model-options';
import { ChunkSink } from '../ndjson';
import { runnerOptions } from '../truncation';
import type { PromptMessage } from '../template';
import { renderLegacyTemplate, toBackendMessages } from '../template';
import { chatTemplate, thinkVars } from '../chat-templates';
import { rawThinking } from '../raw-thinking';
import type { RawThinking } from '../raw-thinking';
import type { FieldKind } from '../request-fields';
import { applyBeforeFault, bool, readRequest, str } from './common';
import type { RouteHandler } from './common';
import {
  asksToUnload,
  checkTopLogprobs,
  findModel,
  loadOnly,
  logprobSettings,
  parseThinkField,
  requestKeepAlive,
  resolveThinking,
} from './inference';

const GENERATE_FIELDS: Record<string, FieldKind> = {
  model: 'string',
  prompt: 'string',
  suffix: 'string',
  system: 'string',
  template: 'string',
  context: 'int[]',
  stream: 'bool',
  raw: 'bool',
  format: 'any',
  keep_alive: 'duration',
  images: 'string[]',
  options: 'object',
  truncate: 'bool',
  shift: 'bool',
  logprobs: 'bool',
  top_logprobs: 'int',
};

export const handleGenerate: RouteHandler = async (ctx, req, res, signal) => {
  const startedAt = process.hrtime.bigint();
  const body = await readRequest(ctx, req, res, 'GenerateRequest', GENERATE_FIELDS);
  if (!body) return;
  const think = parseThinkField(ctx, res, body, 'GenerateRequest');
  if (!think.ok || !checkTopLogprobs(ctx, res, body)) return;
  const requested = str(body.model);
  // An empty name is "not found" here (Ollama keeps that answer for compatibility); chat says "required".
  const model = findModel(ctx, res, requested, { status: 404, message: `model '${requested}' not found` });
  if (!model) return;
  const prompt = str(body.prompt);
  const created = (): string => new Date().toISOString();

  if (prompt === '' && asksToUnload(body)) {
    ctx.scheduler.expire(model.key);
    sendJson(res, 200, { model: requested, created_at: created(), response: '', done: true, done_reason: 'unload' });
    return;
  }
  const raw = bool(body.raw);
  const context = Array.isArray(body.context) ? (body.context as number[]) : [];
  if (raw && (str(body.template) !== '' || str(body.system) !== '' || context.length > 0)) {
    sendError(res, 400, 'raw mode does not support template, system, or context');
    return;
  }
  const thinking = resolveThinking(ctx, res, model, requested, think.value);
  if (!thinking) return;
  if (!model.capabilities.includes('completion')) {
    sendError(res, 400, `${JSON.stringify(requested)} does not support generate`);
    return;
  }
  const suffix = str(body.suffix);
  if (suffix !== '' && !model.capabilities.includes('insert')) {
    sendError(res, 400, `${model.full} does not support insert`);
    return;
  }
  const parsedOptions = parseModelOptions(body.options as Record<string, unknown> | undefined, ctx.options.defaultNumCtx);
  if (!parsedOptions.ok) {
    sendError(res, 500, parsedOptions.error);
    return;
  }
  const runner = runnerOptions(parsedOptions.value, body, ctx.features, model.contextLength);
  const { truncation } = runner;
  const options = { value: runner.options };
  const keepAlive = requestKeepAlive(ctx, body);
  const fault = ctx.faults.take('/api/generate', requested);
  if (await applyBeforeFault(ctx, fault, res, signal)) return;

  if (prompt === '') {
    if (await loadOnly(ctx, res, model, options.value, keepAlive, signal)) {
      sendJson(res, 200, { model: requested, created_at: created(), response: '', done: true, done_reason: 'load' });
    }
    return;
  }

  const system = str(body.system);
  const chat = chatTemplate(model.template);
  let rendered: string;
  let messages: PromptMessage[];
  let rawTurn: RawThinking | undefined;
  if (raw) {
    rendered = prompt;
    messages = chat.parse(prompt);
    rawTurn = rawThinking(chat, model, messages, prompt, thinking.think);
    if (rawTurn) messages = rawTurn.messages;
  } else if (suffix !== '') {
    rendered = `<|fim_prefix|>${prompt}<|fim_suffix|>${suffix}<|fim_middle|>`;
    messages = [{ role: 'user', content: rendered }];
  } else {
    messages = [...(system !== '' ? [{ role: 'system', content: system }] : []), { role: 'user', content: prompt }];
    const template = str(body.template);
    rendered = template !== '' ? renderLegacyTemplate(template, system, prompt) : chat.render(messages, thinkVars(ctx, model, think.value, thinking.think));
  }
  if (context.length > 0) {
    // Deprecated: the earlier exchange is detokenized in front of the new prompt.
    rendered = ctx.vocabulary.decode(context) + rendered;
    messages = chat.parse(rendered);
  }

  const sink = new ChunkSink<CompletionChunk>(res, body.stream !== false, generateFormat(requested), signal, fault);
  await runCompletion(
    ctx,
    {
      model,
      options: options.value,
      truncation,
      keepAliveMs: keepAlive,
      prompt: rendered,
      messages: toBackendMessages(messages),
      think: rawTurn ? rawTurn.think : thinking.think,
      thinking: rawTurn ? 'raw' : thinking.delivery,
      ...(rawTurn ? { rawOutput: rawTurn.output } : {}),
      ...(rawTurn?.priorThinking === undefined ? {} : { priorThinking: rawTurn.priorThinking }),
      ...(thinking.traceLength !== undefined ? { traceLength: thinking.traceLength } : {}),
      ...logprobSettings(ctx, body),
      withContext: !raw,
      startedAt,
    },
    sink,
    signal,
  );
};
