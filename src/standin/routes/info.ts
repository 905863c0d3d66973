// The read-only endpoints: GET|HEAD /, GET|HEAD /api/version, GET|HEAD /api/tags, POST /api/show, GET /api/ps.
import type { StandinContext } from '../context';
import { sendError, sendJson, sendText } from '../json';
import { modelDetails, showPayload, tagsEntry } from '../models';
import { parseModelName } from '../names';
import type { FieldKind } from '../request-fields';
import { readRequest, str } from './common';
import type { RouteHandler } from './common';

/** Where Go's time.Now().Add(MaxInt64) lands: "forever" for keep_alive < 0. */
const FOREVER = new Date('2318-04-11T23:47:16.854775807Z');

export const handleRoot: RouteHandler = (_ctx, _req, res) => {
  sendText(res, 200, 'Ollama is running');
  return Promise.resolve();
};

export const handleVersion: RouteHandler = (ctx, _req, res) => {
  sendJson(res, 200, { version: ctx.options.version });
  return Promise.resolve();
};

export const handleTags: RouteHandler = (ctx, _req, res) => {
  sendJson(res, 200, { models: ctx.catalog.list().map(tagsEntry) });
  return Promise.resolve();
};

export const handlePs: RouteHandler = (ctx, _req, res) => {
  sendJson(res, 200, { models: psModels(ctx) });
  return Promise.resolve();
};

function psModels(ctx: StandinContext): Record<string, unknown>[] {
  return ctx.scheduler
    .loaded()
    .sort((a, b) => b.expiresAt - a.expiresAt)
    .flatMap((loaded) => {
      const entry = ctx.catalog.find(loaded.modelKey);
      if (!entry) return [];
      const expires = Number.isFinite(loaded.expiresAt) ? new Date(loaded.expiresAt) : FOREVER;
      return [
        {
          name: entry.display,
          model: entry.display,
          size: entry.sizeBytes,
          digest: entry.digest,
          details: modelDetails(entry),
          expires_at: expires.toISOString(),
          size_vram: entry.sizeBytes,
          context_length: loaded.numCtx,
        },
      ];
    });
}

const SHOW_FIELDS: Record<string, FieldKind> = {
  model: 'string',
  name: 'string',
  system: 'string',
  template: 'string',
  verbose: 'bool',
  options: 'object',
};

export const handleShow: RouteHandler = async (ctx, req, res) => {
  const body = await readRequest(ctx, req, res, 'ShowRequest', SHOW_FIELDS);
  if (!body) return;
  const requested = str(body.model) || str(body.name);
  if (requested === '') {
    sendError(res, 400, 'model is required');
    return;
  }
  const parsed = parseModelName(requested);
  if (parsed.kind !== 'ok') {
    sendError(res, 400, 'invalid model name');
    return;
  }
  const entry = ctx.catalog.find(requested);
  if (!entry) {
    sendError(res, 404, `model '${parsed.display}' not found`);
    return;
  }
  sendJson(res, 200, showPayload(entry, body.verbose === true));
};
