// The OpenAI dialect's routes (`ponder standin --dialect openai`), after vLLM's api_server.py
// (vllm/entrypoints/openai/api_server.py): GET /v1/models, POST /v1/chat/completions, POST /pooling,
// GET /version, GET /health. With an API key set, every /v1 path wants `Authorization: Bearer <key>`
// (AuthenticationMiddleware: 401 {"error": "Unauthorized"}); /health and /version stay open.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StandinContext } from '../context';
import { BodyTooLargeError, parseJsonBody, readBody } from '../json';
import { CHAT_PATH, handleChatCompletions } from './chat';
import { sendModelList } from './models';
import { handlePooling, POOLING_PATH } from './prm';
import { sendJson, sendOpenAIError } from './wire';

/** The vLLM release whose behaviour the dialect imitates, reported by GET /version. */
export const VLLM_VERSION = '0.11.0';

type Handler = (ctx: StandinContext, req: IncomingMessage, res: ServerResponse, signal: AbortSignal) => Promise<void>;

const withBody =
  (handle: (ctx: StandinContext, body: unknown, res: ServerResponse, signal: AbortSignal) => Promise<void>): Handler =>
  async (ctx, req, res, signal) => {
    let text: string;
    try {
      text = await readBody(req, ctx.options.bodyLimitBytes);
    } catch (err) {
      if (err instanceof BodyTooLargeError) sendOpenAIError(res, 413, err.message);
      return;
    }
    const parsed = parseJsonBody(text);
    if (!parsed.ok) {
      sendOpenAIError(res, 400, `JSON decode error: ${parsed.error}`);
      return;
    }
    await handle(ctx, parsed.value, res, signal);
  };

const ROUTES: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  '/v1/models': { GET: (ctx, _req, res) => Promise.resolve(sendModelList(ctx, res)) },
  [CHAT_PATH]: { POST: withBody(handleChatCompletions) },
  [POOLING_PATH]: { POST: withBody(handlePooling) },
  '/version': { GET: (_ctx, _req, res) => Promise.resolve(sendJson(res, 200, { version: VLLM_VERSION })) },
  '/health': { GET: (_ctx, _req, res) => Promise.resolve(void res.writeHead(200).end()) },
};

export async function routeOpenAI(ctx: StandinContext, apiKey: string | undefined, req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://standin').pathname;
  const methods = ROUTES[path];
  if (!methods) {
    sendJson(res, 404, { detail: 'Not Found' });
    return;
  }
  const handler = methods[req.method ?? 'GET'];
  if (!handler) {
    sendJson(res, 405, { detail: 'Method Not Allowed' });
    return;
  }
  if (apiKey !== undefined && (path.startsWith('/v1') || path === POOLING_PATH) && !authorised(req, apiKey)) {
    sendJson(res, 401, { error: 'Unauthorized' });
    return;
  }
  await handler(ctx, req, res, signal);
}

function authorised(req: IncomingMessage, apiKey: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${apiKey}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
