// Typed failures of model backends. Every failure a person can do something about gets its own kind
// (a discriminant for code) and a message that says what happened and what to do about it. Cancellation
// is not a failure: it stays a DOMException named `AbortError` and is never wrapped in a ModelError.

export type ModelErrorKind =
  | 'server-not-running'
  | 'connection-failed'
  | 'model-not-found'
  | 'server-busy'
  | 'context-overflow'
  | 'bad-request'
  | 'server-error'
  | 'stream-error'
  | 'stream-ended'
  | 'repetition-abort'
  | 'stall'
  | 'malformed-stream'
  | 'auth-failed';

interface ModelErrorOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:11434`. */
  readonly endpoint: string;
  readonly model?: string;
  readonly cause?: unknown;
}

/** Base of every typed model failure. `retryable`: sending the same request again may succeed. */
export abstract class ModelError extends Error {
  abstract readonly kind: ModelErrorKind;
  abstract readonly retryable: boolean;
  readonly endpoint: string;
  readonly model: string | undefined;

  protected constructor(message: string, options: ModelErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.endpoint = options.endpoint;
    this.model = options.model;
  }
}

/**
 * Nothing answered at the address: nothing listens there (ECONNREFUSED), or the port is one that HTTP
 * clients refuse to connect to at all (the Fetch standard's "bad ports", e.g. 1), given as `blockedPort`.
 */
export class ServerNotRunningError extends ModelError {
  readonly kind = 'server-not-running';
  readonly retryable = false;
  constructor(options: ModelErrorOptions & { readonly blockedPort?: string }) {
    super(
      (options.blockedPort === undefined
        ? `Cannot reach Ollama at ${options.endpoint}: nothing is listening there. `
        : `Cannot reach Ollama at ${options.endpoint}: nothing answered there, because port ${options.blockedPort} ` +
          'is one that HTTP clients refuse to connect to (no request was sent); Ollama listens on 11434 by default. ') +
        'Start it with `ollama serve` (or open the Ollama app); if Ollama is not installed, get it from ' +
        'https://ollama.com/download. If it runs on another address, point Ponder at that address.',
      options,
    );
  }
}

/** The connection failed for another reason (unknown host, reset, unreachable network). */
export class ConnectionFailedError extends ModelError {
  readonly kind = 'connection-failed';
  readonly retryable = true;
  constructor(detail: string, options: ModelErrorOptions) {
    super(
      `Lost the connection to Ollama at ${options.endpoint} (${detail}). ` +
        'Check that the address is right and the server is still running, then try again.',
      options,
    );
  }
}

export class ModelNotFoundError extends ModelError {
  readonly kind = 'model-not-found';
  readonly retryable = false;
  constructor(options: ModelErrorOptions & { readonly model: string }) {
    super(
      `The model "${options.model}" is not available on the Ollama server at ${options.endpoint}. ` +
        `Download it with \`ollama pull ${options.model}\`, or choose a model that \`ollama list\` shows.`,
      options,
    );
  }
}

/**
 * HTTP 503: Ollama's queue of requests waiting for a model load or reload (OLLAMA_MAX_QUEUE) is full.
 * Requests for a model that is already loaded never count against it: they wait for a slot without limit
 * (server/sched.go getRunner, v0.13.0 to v0.33.0-rc2), so Ponder's own parallelism is not the cause.
 */
export class ServerBusyError extends ModelError {
  readonly kind = 'server-busy';
  readonly retryable = true;
  /** How many times the request was sent before giving up. */
  readonly attempts: number;
  constructor(attempts: number, options: ModelErrorOptions) {
    super(
      `Ollama at ${options.endpoint} is busy: too many requests are waiting for a model to load (HTTP 503)` +
        (attempts > 1 ? `, still after ${attempts} attempts` : '') +
        '. That queue fills when other work keeps loading models or changing their context size; wait for it ' +
        'to finish, or restart Ollama with a larger OLLAMA_MAX_QUEUE.',
      options,
    );
    this.attempts = attempts;
  }

  /** The same failure, reported after `attempts` tries. */
  afterAttempts(attempts: number): ServerBusyError {
    return new ServerBusyError(attempts, { endpoint: this.endpoint, model: this.model, cause: this.cause });
  }
}

/**
 * The prompt does not fit the context the model really runs with, so the server refused it (Ponder sends
 * `truncate: false`) or would have cut it. Never retried: the same prompt cannot fit next time either.
 */
export class ContextOverflowError extends ModelError {
  readonly kind = 'context-overflow';
  readonly retryable = false;
  /** The context the model runs with: num_ctx, capped at the model's trained context length. */
  readonly contextLength: number;
  constructor(detail: string, contextLength: number, options: ModelErrorOptions) {
    super(
      `The prompt does not fit the context of ${options.model ? `"${options.model}"` : 'the model'} on Ollama at ${options.endpoint} ` +
        `(${contextLength} tokens): ${cleanServerText(detail)}. Ponder does not solve a problem the server has cut. ` +
        'Shorten the problem, raise the context length (ponder.contextLength) if the model supports more, or use a model with a longer context.',
      options,
    );
    this.contextLength = contextLength;
  }
}

/** HTTP 400: the server refused the request; its own explanation is kept in `serverMessage`. */
export class BadRequestError extends ModelError {
  readonly kind = 'bad-request';
  readonly retryable = false;
  readonly serverMessage: string;
  constructor(serverMessage: string, options: ModelErrorOptions) {
    const clean = cleanServerText(serverMessage);
    super(`Ollama rejected the request${forModel(options.model)}: ${clean} (HTTP 400).`, options);
    this.serverMessage = clean;
  }
}

/**
 * HTTP statuses that pass: Ollama relays 429 (rate limited) and 502 (upstream unreachable) from its cloud
 * models (server/cloud_proxy.go answers 502 when the cloud cannot be reached; routes_generate_test.go
 * v0.33.0-rc2 checks that a cloud 429 reaches the client as 429).
 */
const TRANSIENT_STATUSES = [429, 502];

/** Any other HTTP error status before the response started (e.g. 500 when a model fails to load). */
export class ServerError extends ModelError {
  readonly kind = 'server-error';
  readonly retryable: boolean;
  readonly status: number;
  readonly serverMessage: string;
  constructor(status: number, serverMessage: string, options: ModelErrorOptions) {
    const clean = cleanServerText(serverMessage);
    super(
      `Ollama at ${options.endpoint} failed${forModel(options.model)} with HTTP ${status}: ${clean}. ` +
        'Check the Ollama server log; a model that does not fit in memory is a common cause.',
      options,
    );
    this.status = status;
    this.serverMessage = clean;
    this.retryable = TRANSIENT_STATUSES.includes(status);
  }
}

/** The server reported an error in the middle of a streamed response (an `{"error": …}` line). */
export class StreamFailedError extends ModelError {
  readonly kind = 'stream-error';
  readonly retryable = false;
  readonly serverMessage: string;
  constructor(serverMessage: string, options: ModelErrorOptions & { readonly operation?: string }) {
    const clean = cleanServerText(serverMessage);
    const operation = options.operation ?? 'generating';
    const subject = options.model ? (operation === 'generating' ? ` with "${options.model}"` : ` "${options.model}"`) : '';
    super(
      `Ollama at ${options.endpoint} failed while ${operation}${subject}: ${clean}. ` +
        'If this repeats, check the Ollama server log.',
      options,
    );
    this.serverMessage = clean;
  }
}

/** The response ended (or the connection closed) before its final `done` record. */
export class StreamEndedError extends ModelError {
  readonly kind = 'stream-ended';
  readonly retryable = true;
  constructor(options: ModelErrorOptions) {
    super(
      `The response from Ollama at ${options.endpoint}${forModel(options.model)} stopped before it was complete: ` +
        'the server may have stopped, restarted or dropped the connection. Try again.',
      options,
    );
  }
}

/**
 * Ollama ended the response, with no `done`, because the model produced the same token more than 30
 * times in a row: its guard against a model caught in a loop (llm/server.go v0.13.0, llm/llama_server.go
 * v0.33.0-rc2, `tokenRepeat > 30`). Not retried: at the same settings the model loops again.
 */
export class RepetitionAbortError extends ModelError {
  readonly kind = 'repetition-abort';
  readonly retryable = false;
  /** The repeated token (trimmed), as untrusted text. */
  readonly repeated: string;
  constructor(repeated: string, options: ModelErrorOptions) {
    const shown = cleanServerText(repeated, 40);
    super(
      `The model${forModel(options.model)} got stuck repeating ${shown === '' ? 'an empty token' : `"${shown}"`} over and over, so Ollama at ` +
        `${options.endpoint} cut the response short (it stops a model that repeats one token more than 30 times). ` +
        'This answer is dropped; the other chains go on. If it happens often, raise the temperature a little.',
      options,
    );
    this.repeated = shown;
  }
}

/**
 * Ponder's own timeouts (the HTTP client's are switched off, see ollama/fetch.ts).
 * `headers`: no answer started within the queue timeout. `body`: a started response went silent.
 */
export class StallError extends ModelError {
  readonly kind = 'stall';
  readonly retryable = true;
  readonly phase: 'headers' | 'body';
  readonly timeoutMs: number;
  constructor(phase: 'headers' | 'body', timeoutMs: number, options: ModelErrorOptions) {
    const seconds = formatSeconds(timeoutMs);
    super(
      phase === 'headers'
        ? `Ollama at ${options.endpoint} did not start answering${forModel(options.model)} within ${seconds}. ` +
            'The request may be waiting behind other work, or the model may still be loading. ' +
            'Check the server (`ollama ps`), or allow a longer queue timeout.'
        : `Ollama at ${options.endpoint} went silent for ${seconds} in the middle of a response` +
            `${forModel(options.model)}, so Ponder gave up on it. The server may be overloaded or stuck; ` +
            'check it (`ollama ps`) and try again, or allow a longer stall timeout.',
      options,
    );
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}

/** A streamed line was not JSON: whatever answers at this address is not speaking Ollama's API. */
export class MalformedStreamError extends ModelError {
  readonly kind = 'malformed-stream';
  readonly retryable = false;
  readonly line: string;
  constructor(line: string, options: ModelErrorOptions) {
    const clean = cleanServerText(line, 80);
    super(
      `Ollama at ${options.endpoint} sent a line that is not valid JSON ("${clean}"). ` +
        'Check that this address really is an Ollama server and that no proxy rewrites its responses.',
      options,
    );
    this.line = clean;
  }
}

/** HTTP 401/403 from a server that wants an API key (OpenAI-compatible servers started with one). */
export class AuthenticationFailedError extends ModelError {
  readonly kind = 'auth-failed';
  readonly retryable = false;
  readonly status: number;
  constructor(status: number, options: ModelErrorOptions) {
    // The key itself is never part of the message: only whether one was sent.
    super(
      `The server at ${options.endpoint} refused Ponder's API key (HTTP ${status}). ` +
        'Set the key the server expects: PONDER_API_KEY (or OPENAI_API_KEY) for the CLI, ' +
        'or "Ponder: Set API Key…" in VS Code.',
      options,
    );
    this.status = status;
  }
}

export function isModelError(err: unknown): err is ModelError {
  return err instanceof ModelError;
}

/** True for cancellation, however it was raised (DOMException, Error or undici's own AbortError). */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/** The error to throw once `signal` has fired: its reason when that is an AbortError, else a fresh one. */
export function abortErrorFrom(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && isAbortError(reason)) return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * A generation whose thinking used up what it was allowed and left no text: the model could not be forced to
 * answer from its trace (a level-only model, a template Ponder cannot render, an OpenAI-compatible server), or
 * the tokens the call was granted ran out inside the trace. Not a failure of the server, but the generation
 * has nothing to score, so it is failed with this message instead of passing for an empty step.
 */
export class ThinkingExhaustedError extends Error {
  override readonly name = 'ThinkingExhaustedError';
}

/** One line a person can read, for any error a model call may throw. */
export function describeModelError(err: unknown): string {
  if (isModelError(err) || err instanceof ThinkingExhaustedError) return err.message;
  if (isAbortError(err)) return 'Cancelled.';
  if (err instanceof Error) return `Unexpected error from the model backend: ${cleanServerText(err.message)}`;
  return `Unexpected error from the model backend: ${cleanServerText(String(err))}`;
}

/** Server text is untrusted: keep it on one line, without control characters, and short. */
export function cleanServerText(text: string, maxLength = 300): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

function forModel(model: string | undefined): string {
  return model ? ` for "${model}"` : '';
}

function formatSeconds(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
