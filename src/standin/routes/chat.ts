// POST /api/chat, following Ollama's ChatHandler step by step. Messages render through the stand-in's
// chat template; a trailing assistant message is a prefill the model continues.
import type { CompletionChunk } from '../completion-chunk';
import { chatFormat } from '../completion-chunk';
import { runCompletion } from '../generation';
import { sendError, sendJson } from '../json';
import { parseModelOptions } from '../model-options';
import { ChunkSink } from '../ndjson';
import type { FieldKind } from '../request-fields';
import type { PromptMessage } from '../template';
import { toBackendMessages } from '../template';
import { chatTemplate, thinkVars } from '../chat-templates';
import { firstKeptMessage, keptMessages, runnerOptions } from '../truncation';
import { applyBeforeFault, readRequest, str } from './common';
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

const MESSAGE_FIELDS: Record<string, FieldKind> = {
  role: 'string',
  content: 'string',
  thinking: 'string',
  images: 'string[]',
  tool_calls: 'array',
  tool_name: 'string',
  tool_call_id: 'string',
};

const CHAT_FIELDS: Record<string, FieldKind> = {
  model: 'string',
  messages: { arrayOf: MESSAGE_FIELDS, goType: 'Message' },
  tools: 'array',
  format: 'any',
  options: 'object',
  stream: 'bool',
  keep_alive: 'duration',
  truncate: 'bool',
  shift: 'bool',
  logprobs: 'bool',
  top_logprobs: 'int',
};

export const handleChat: RouteHandler = async (ctx, req, res, signal) => {
  const startedAt = process.hrtime.bigint();
  const body = await readRequest(ctx, req, res, 'ChatRequest', CHAT_FIELDS);
  if (!body) return;
  const think = parseThinkField(ctx, res, body, 'ChatRequest');
  if (!think.ok || !checkTopLogprobs(ctx, res, body)) return;
  const requested = str(body.model);
  const model = findModel(ctx, res, requested, { status: 400, message: 'model is required' });
  if (!model) return;
  const messages: PromptMessage[] = (Array.isArray(body.messages) ? (body.messages as unknown[]) : [])
    .filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null)
    .map((m) => ({ role: str(m.role).toLowerCase(), content: str(m.content), ...(str(m.thinking) !== '' ? { thinking: str(m.thinking) } : {}) }));
  const created = (): string => new Date().toISOString();
  const emptyReply = { role: 'assistant', content: '' };

  if (messages.length === 0 && asksToUnload(body)) {
    ctx.scheduler.expire(model.key);
    sendJson(res, 200, { model: requested, created_at: created(), message: emptyReply, done: true, done_reason: 'unload' });
    return;
  }
  const thinking = resolveThinking(ctx, res, model, requested, think.value);
  if (!thinking) return;
  if (!model.capabilities.includes('completion')) {
    sendError(res, 400, `${JSON.stringify(requested)} does not support chat`);
    return;
  }
  if (Array.isArray(body.tools) && body.tools.length > 0 && !model.capabilities.includes('tools')) {
    sendError(res, 400, `${model.full} does not support tools`);
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
  const fault = ctx.faults.take('/api/chat', requested);
  if (await applyBeforeFault(ctx, fault, res, signal)) return;

  if (messages.length === 0) {
    if (await loadOnly(ctx, res, model, options.value, keepAlive, signal)) {
      sendJson(res, 200, { model: requested, created_at: created(), message: emptyReply, done: true, done_reason: 'load' });
    }
    return;
  }

  // The model's own template, with `$.IsThinkSet`/`$.Think` as Ollama sets them (chat-templates.ts).
  const template = chatTemplate(model.template);
  const vars = thinkVars(ctx, model, think.value, thinking.think);
  const render = (list: readonly PromptMessage[]): string => template.render(list, vars);
  // server/prompt.go chatPrompt: with truncate on, the oldest messages go first (system ones stay).
  const countTokens = (list: readonly PromptMessage[]): number => ctx.tokenize(render(list)).length;
  const kept = truncation.truncate ? keptMessages(messages, firstKeptMessage(messages, options.value.numCtx, countTokens)) : messages;

  const sink = new ChunkSink<CompletionChunk>(res, body.stream !== false, chatFormat(requested), signal, fault);
  await runCompletion(
    ctx,
    {
      model,
      options: options.value,
      truncation,
      keepAliveMs: keepAlive,
      prompt: render(kept),
      messages: toBackendMessages(kept),
      think: thinking.think,
      thinking: thinking.delivery,
      ...(thinking.traceLength !== undefined ? { traceLength: thinking.traceLength } : {}),
      ...logprobSettings(ctx, body),
      withContext: false,
      startedAt,
    },
    sink,
    signal,
  );
};
