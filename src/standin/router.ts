// Method + path → handler, with gin's answers for the rest: an unknown path is a text 404
// "404 page not found", a known path with another method a text 405 "405 method not allowed".
// Faults listed for a read-only path (via `paths`) act before its handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StandinContext } from './context';
import { sendText } from './json';
import type { RouteHandler } from './routes/common';
import { applyBeforeFault } from './routes/common';
import { handleChat } from './routes/chat';
import { handleGenerate } from './routes/generate';
import { handlePs, handleRoot, handleShow, handleTags, handleVersion } from './routes/info';
import { handlePull } from './routes/pull';

const ROUTES: Readonly<Record<string, Readonly<Record<string, RouteHandler>>>> = {
  '/': { GET: handleRoot, HEAD: handleRoot },
  '/api/version': { GET: handleVersion, HEAD: handleVersion },
  '/api/tags': { GET: handleTags, HEAD: handleTags },
  '/api/ps': { GET: handlePs },
  '/api/show': { POST: handleShow },
  '/api/pull': { POST: handlePull },
  '/api/generate': { POST: handleGenerate },
  '/api/chat': { POST: handleChat },
};

/** Paths whose handlers take their own fault (after validating the body). */
const SELF_FAULTING = new Set(['/api/generate', '/api/chat', '/api/pull']);

export async function route(ctx: StandinContext, req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://standin').pathname;
  const methods = ROUTES[path];
  if (!methods) {
    sendText(res, 404, '404 page not found');
    return;
  }
  const handler = methods[req.method ?? 'GET'];
  if (!handler) {
    sendText(res, 405, '405 method not allowed');
    return;
  }
  if (!SELF_FAULTING.has(path) && (await applyBeforeFault(ctx, ctx.faults.take(path, undefined), res, signal))) return;
  await handler(ctx, req, res, signal);
}
