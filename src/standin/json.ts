// JSON on the wire the way Ollama (Go's encoding/json behind gin) writes it: `<`, `>`, `&`, U+2028 and
// U+2029 are escaped, error bodies are `{"error":"..."}`, and c.JSON's content type is used.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON.stringify with Go's HTML-safe escaping (the decoded value is identical). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => GO_ESCAPES[ch] ?? ch);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  const body = encodeJson(value);
  res.writeHead(status, { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

/** Plain text, as gin's c.String and its 404/405 pages send it. */
export function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

export class BodyTooLargeError extends Error {}

/** Reads the whole request body as UTF-8. Rejects if the client goes away first or the body exceeds `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.resume();
        reject(new BodyTooLargeError('request body too large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onClose = (): void => {
      if (req.complete) return;
      cleanup();
      reject(new Error('client closed the request'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Parses a request body the way gin's ShouldBindJSON fails: an empty body is "missing request body",
 * malformed JSON gets a Go-like syntax message. Returns the value or the 400 message.
 */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: 'missing request body' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/end of JSON input|Unterminated/i.test(message)) return { ok: false, error: 'unexpected EOF' };
    const position = /position (\d+)/.exec(message);
    const index = position ? Number(position[1]) : text.search(/\S/);
    const ch = text.charAt(index);
    return { ok: false, error: `invalid character '${ch}' looking for beginning of value` };
  }
}
