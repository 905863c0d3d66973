// Steps every POST route shares: read and type-check the body, and act out a "before" fault.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StandinContext } from '../context';
import type { ActiveFault } from '../faults';
import { QUEUE_FULL_MESSAGE } from '../faults';
import { BodyTooLargeError, parseJsonBody, readBody, sendError } from '../json';
import { untilAborted } from '../pacing';
import type { FieldKind } from '../request-fields';
import { asRequestObject, checkFields } from '../request-fields';

export type RouteHandler = (ctx: StandinContext, req: IncomingMessage, res: ServerResponse, signal: AbortSignal) => Promise<void>;

/** The request body as an object, or undefined once a 400 (or 413) has been sent. */
export async function readRequest(
  ctx: StandinContext,
  req: IncomingMessage,
  res: ServerResponse,
  goType: string,
  spec: Readonly<Record<string, FieldKind>>,
): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readBody(req, ctx.options.bodyLimitBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) sendError(res, 413, err.message);
    return undefined; // or the client left
  }
  const parsed = parseJsonBody(text);
  if (!parsed.ok) {
    sendError(res, 400, parsed.error);
    return undefined;
  }
  const object = asRequestObject(parsed.value, goType);
  if (!object.ok) {
    sendError(res, 400, object.error);
    return undefined;
  }
  const error = checkFields(object.body, spec, goType);
  if (error) {
    sendError(res, 400, error);
    return undefined;
  }
  return object.body;
}

/** How a dialect writes an error response; Ollama's is `{"error": "…"}`. */
export type ErrorReply = (res: ServerResponse, status: number, message: string) => void;

/**
 * Acts out a fault that strikes before the response starts, in the dialect of `reply`; true when it has
 * handled the request.
 */
export async function applyBeforeFault(
  ctx: StandinContext,
  fault: ActiveFault | undefined,
  res: ServerResponse,
  signal: AbortSignal,
  reply: ErrorReply = sendError,
): Promise<boolean> {
  switch (fault?.kind) {
    case 'stallBeforeHeaders':
      await untilAborted(signal);
      return true;
    case 'queueFull':
      ctx.stats.rejectedQueueFull += 1;
      reply(res, 503, QUEUE_FULL_MESSAGE);
      return true;
    case 'error500Before':
      reply(res, 500, fault.message);
      return true;
    default:
      return false;
  }
}

export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
export const bool = (value: unknown): boolean => value === true;
