// The `openai` client's failures as Ponder's typed model errors, with messages for an OpenAI-compatible
// server (not Ollama's hints). The classes are the ones the Ollama adapter raises, so everything above
// the model layer (the server's error kinds, retries, the fault matrix) treats both backends alike.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError as OpenAIBadRequest,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import {
  abortErrorFrom,
  AuthenticationFailedError,
  BadRequestError,
  cleanServerText,
  ConnectionFailedError,
  isAbortError,
  isModelError,
  MalformedStreamError,
  ModelNotFoundError,
  ServerBusyError,
  ServerError,
  ServerNotRunningError,
  StallError,
  StreamEndedError,
  StreamFailedError,
} from '../errors';
import type { ModelError } from '../errors';
import { redactKey } from './secret';

export interface OpenAIErrorContext {
  readonly endpoint: string;
  readonly model: string;
  /** The key to scrub from server text. */
  readonly apiKey: string | undefined;
  /** The response had started (tokens were read): nothing may be retried. */
  readonly streaming: boolean;
}

/** A 429, 502, 503 or 504 before any token: the request can be sent again. `retryAfterMs` from the header. */
export class OpenAIServerBusyError extends ServerBusyError {
  readonly retryAfterMs: number | undefined;
  constructor(status: number, retryAfterMs: number | undefined, attempts: number, options: { endpoint: string; model?: string; cause?: unknown }) {
    super(attempts, options);
    this.retryAfterMs = retryAfterMs;
    this.message =
      `The server at ${options.endpoint} is busy (HTTP ${status}${status === 429 ? ', too many requests' : ''})` +
      (attempts > 1 ? `, still after ${attempts} attempts` : '') +
      ". Wait for other work on that server to finish, or lower Ponder's parallelism.";
  }
}

/** Turns anything a call threw into a ModelError (or the AbortError of a cancelled call). */
export function classifyOpenAIError(err: unknown, context: OpenAIErrorContext, signal: AbortSignal): unknown {
  if (signal.aborted || err instanceof APIUserAbortError) return abortErrorFrom(signal);
  if (isAbortError(err)) return err;
  const options = { endpoint: context.endpoint, model: context.model, cause: err };
  const text = (message: string): string => cleanServerText(redactKey(message, context.apiKey));
  if (err instanceof StallError) return withMessage(new StallError(err.phase, err.timeoutMs, options), stallMessage(err, context));
  if (isModelError(err)) return err;
  const causeStall = stallIn(err);
  if (causeStall) return withMessage(new StallError(causeStall.phase, causeStall.timeoutMs, options), stallMessage(causeStall, context));
  if (err instanceof APIConnectionTimeoutError) return withMessage(new StallError('headers', 0, options), `The server at ${context.endpoint} did not answer in time.`);
  if (err instanceof APIConnectionError) return connectionFailure(err, context, options);
  if (err instanceof APIError) {
    const apiError = err as WireError;
    const status = apiError.status;
    const message = text(serverMessage(apiError));
    if (status === undefined) {
      // An `{"error": …}` event inside a started stream (vLLM's create_streaming_error_response).
      return withMessage(
        new StreamFailedError(message, options),
        `The server at ${context.endpoint} failed while generating with "${context.model}": ${message}. If this repeats, check the server's log.`,
      );
    }
    if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) return new AuthenticationFailedError(status, options);
    if (err instanceof NotFoundError) {
      return withMessage(
        new ModelNotFoundError({ ...options, model: context.model }),
        `The model "${context.model}" is not served at ${context.endpoint} (HTTP 404: ${message}). ` +
          'Choose one of the names the server lists at /v1/models (vLLM: the --served-model-name, or the model path).',
      );
    }
    if (err instanceof RateLimitError || status === 502 || status === 503 || status === 504) {
      return new OpenAIServerBusyError(status, retryAfterMs(apiError.headers), 1, options);
    }
    if (err instanceof OpenAIBadRequest || status === 400 || status === 422) {
      return withMessage(new BadRequestError(message, options), `The server at ${context.endpoint} rejected the request for "${context.model}": ${message} (HTTP ${status}).`);
    }
    return withMessage(
      new ServerError(status, message, options),
      `The server at ${context.endpoint} failed for "${context.model}" with HTTP ${status}: ${message}. Check the server's log.`,
    );
  }
  if (err instanceof SyntaxError && context.streaming) {
    // The client could not parse an event's data as JSON: whatever answers is not speaking the API.
    return withMessage(
      new MalformedStreamError(err.message, options),
      `The server at ${context.endpoint} sent an event that is not valid JSON. ` +
        'Check that this address really is an OpenAI-compatible server and that no proxy rewrites its responses.',
    );
  }
  if (context.streaming) return withMessage(new StreamEndedError(options), streamEndedMessage(context));
  return err;
}

/** The response ended before its finish_reason / [DONE]: the server stopped or dropped the connection. */
export function streamEnded(context: OpenAIErrorContext): ModelError {
  return withMessage(new StreamEndedError({ endpoint: context.endpoint, model: context.model }), streamEndedMessage(context));
}

function streamEndedMessage(context: OpenAIErrorContext): string {
  return (
    `The response from ${context.endpoint} for "${context.model}" stopped before it was complete: ` +
    'the server may have stopped, restarted or dropped the connection. Try again.'
  );
}

function connectionFailure(err: APIConnectionError, context: OpenAIErrorContext, options: { endpoint: string; model: string; cause: unknown }): ModelError {
  const code = codeIn(err);
  if (code === 'ECONNREFUSED') {
    return withMessage(
      new ServerNotRunningError(options),
      `Cannot reach the OpenAI-compatible server at ${context.endpoint}: nothing is listening there. ` +
        'Start it (e.g. `vllm serve MODEL`, `llama-server -m FILE`), or check the base URL.',
    );
  }
  if (context.streaming) return withMessage(new StreamEndedError(options), streamEndedMessage(context));
  const detail = code ?? cleanServerText(redactKey(err.message, context.apiKey));
  return withMessage(
    new ConnectionFailedError(detail, options),
    `Lost the connection to ${context.endpoint} (${detail}). Check that the address is right and the server is still running, then try again.`,
  );
}

function stallMessage(err: StallError, context: OpenAIErrorContext): string {
  return err.phase === 'headers'
    ? `The server at ${context.endpoint} did not start answering for "${context.model}" in time; it may be queueing other work or still loading the model.`
    : `The server at ${context.endpoint} went silent in the middle of a response for "${context.model}", so Ponder gave up on it. Check the server and try again.`;
}

function withMessage<E extends Error>(error: E, message: string): E {
  error.message = message;
  return error;
}

type WireError = APIError<number | undefined, Headers | undefined, object | undefined>;

function serverMessage(err: WireError): string {
  const body = err.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  if (typeof err.error === 'string') return err.error;
  return err.message;
}

/** `retry-after` in seconds or as an HTTP date; `retry-after-ms` where the server sends it. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headers?.get('retry-after-ms')) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function codeIn(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function stallIn(err: unknown): StallError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof StallError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
