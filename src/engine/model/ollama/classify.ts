// Turns what the `ollama` client (0.6.4) throws into Ponder's typed errors. The client's shapes:
// - HTTP error before the body: `ResponseError` (not exported; recognised by name) with `status_code`
//   and the server's message;
// - `{"error"}` line mid-stream: a plain `Error(message)` with no status;
// - body ended without `done`: `Error("Did not receive done or success response in stream.")`;
// - connection refused: `TypeError("fetch failed")` whose cause has `code: "ECONNREFUSED"`;
// - a port fetch never connects to (1, 7, 9, … — the Fetch standard's "bad ports", undici
//   lib/web/fetch/constants.js): `TypeError("fetch failed")` whose cause is `Error("bad port")`, no code;
// - any other network failure: `TypeError("fetch failed")` with some other cause;
// - connection cut while reading the body: undici's `TypeError("terminated")`;
// - cancellation: an error named `AbortError` (passed through untouched).
import {
  BadRequestError,
  ContextOverflowError,
  ConnectionFailedError,
  MalformedStreamError,
  ModelNotFoundError,
  ServerBusyError,
  ServerError,
  ServerNotRunningError,
  StreamEndedError,
  StreamFailedError,
  isAbortError,
  isModelError,
} from '../errors';
import type { CallObservations } from './fetch';

export interface ErrorContext {
  readonly endpoint: string;
  readonly model?: string;
  /** What the call was doing, for messages: "generating", "pulling", … */
  readonly operation?: string;
  /** The failure happened while reading a started stream (so a plain Error is the server's). */
  readonly streaming: boolean;
  /** The context the model runs with, when known (for context-overflow messages). */
  readonly contextLength?: number;
}

/**
 * A 400 saying the prompt does not fit: the Go runner's "the input length exceeds the context length"
 * (runner/ollamarunner/runner.go v0.13.0), llama-server's exceed_context_size_error passed on as its JSON
 * body, and "the prompt is longer than the context length …" (llm/llama_server.go v0.33.0-rc2).
 */
const CONTEXT_OVERFLOW = /exceeds the context length|exceed_context_size_error|exceeds the available context size|longer than the context length/;

export const NO_DONE_MESSAGE = 'Did not receive done or success response in stream.';

/** A typed ModelError for everything recognised; anything else (and every AbortError) is returned as is. */
export function classifyOllamaError(err: unknown, context: ErrorContext, observed: CallObservations = {}): unknown {
  if (isModelError(err) || isAbortError(err) || !(err instanceof Error)) return err;
  const where = { endpoint: context.endpoint, model: context.model, cause: err };

  if (err.name === 'ResponseError') {
    const status = (err as Error & { status_code?: unknown }).status_code;
    const serverMessage = (err as Error & { error?: unknown }).error;
    const text = typeof serverMessage === 'string' ? serverMessage : err.message;
    if (typeof status === 'number') return fromStatus(status, text, context, where);
  }
  if (err.message === NO_DONE_MESSAGE) return new StreamEndedError(where);
  if (err instanceof SyntaxError) return new MalformedStreamError(err.message, where);

  const code = connectionCode(err);
  if (code === 'ECONNREFUSED') return new ServerNotRunningError(where);
  if (err instanceof TypeError && err.message === 'terminated') return new StreamEndedError(where);
  if (code !== undefined) return new ConnectionFailedError(code, where);
  if (isFetchFailure(err)) {
    const cause = err.cause instanceof Error ? err.cause.message : '';
    if (cause === 'bad port') return new ServerNotRunningError({ ...where, blockedPort: portOf(context.endpoint) });
    return new ConnectionFailedError(cause === '' ? err.message : cause, where);
  }

  if (observed.serverError !== undefined && err.message === observed.serverError) {
    return new StreamFailedError(err.message, { ...where, operation: context.operation });
  }
  // The client raises the server's mid-stream error as a bare Error; nothing else it throws while
  // streaming has that exact class.
  if (context.streaming && err.constructor === Error) {
    return new StreamFailedError(err.message, { ...where, operation: context.operation });
  }
  return err;
}

function fromStatus(
  status: number,
  message: string,
  context: ErrorContext,
  where: { endpoint: string; model: string | undefined; cause: unknown },
): Error {
  if (status === 404 && context.model !== undefined && /not found/i.test(message) && !/page not found/i.test(message)) {
    return new ModelNotFoundError({ ...where, model: context.model });
  }
  if (status === 400 && CONTEXT_OVERFLOW.test(message)) {
    return new ContextOverflowError(overflowDetail(message), context.contextLength ?? 0, where);
  }
  if (status === 400) return new BadRequestError(message, where);
  if (status === 503) return new ServerBusyError(1, where);
  if (status === 404) {
    return new ServerError(404, `${message} (is this address an Ollama server, and is it up to date?)`, where);
  }
  return new ServerError(status, message, where);
}

/** The first system error code in an error's cause chain (undici wraps them; happy-eyeballs aggregates them). */
export function connectionCode(err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 4) return undefined;
  const { code, cause, errors } = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const found = connectionCode(inner, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return connectionCode(cause, depth + 1);
}

/** undici's network-error TypeError (its cause says why; it carries no status and no stream data). */
function isFetchFailure(err: Error): boolean {
  return err instanceof TypeError && err.message === 'fetch failed';
}

function portOf(endpoint: string): string {
  try {
    return new URL(endpoint).port || '80';
  } catch {
    return '?';
  }
}

/** llama-server's JSON error body, as Ollama passes it on, read down to its message and token counts. */
function overflowDetail(message: string): string {
  try {
    const parsed = JSON.parse(message) as { error?: { message?: unknown; n_prompt_tokens?: unknown; n_ctx?: unknown } };
    const inner = parsed.error;
    if (inner && typeof inner.message === 'string') {
      const counts = typeof inner.n_prompt_tokens === 'number' && typeof inner.n_ctx === 'number' ? ` (${inner.n_prompt_tokens} prompt tokens, context ${inner.n_ctx})` : '';
      return `the server said "${inner.message}"${counts}`;
    }
  } catch {
    // not JSON: the server's own sentence
  }
  return `the server said "${message}"`;
}
