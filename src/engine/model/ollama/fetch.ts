// The HTTP layer under the `ollama` client: one fetch function per call, bound to that call's signal.
//
// Why not Node's own fetch: it gives up when response headers take more than 300 s (and when a body
// pauses as long). Ollama sends no headers at all while a request waits in its queue behind
// OLLAMA_NUM_PARALLEL busy slots, while the model loads, and while a long prompt is evaluated, so a
// perfectly healthy request can be killed that way ("fetch failed", UND_ERR_HEADERS_TIMEOUT). We use
// an undici Agent with both timeouts switched off and detect trouble ourselves, in two phases:
//
// - Before headers (`headersTimeoutMs`, the "queue timeout"): silence here is normal, since the request
//   is queued or the model is loading, so this limit is long and optional (off by default for
//   generations). When it fires, the request is aborted and a StallError('headers') is raised.
// - After headers (`stallTimeoutMs`): Ollama flushes one NDJSON line per token, so once a response has
//   started, a long gap means the server is stuck or the connection is half-dead. The timer runs only
//   while the reader is actually waiting for bytes; a slow consumer is not a stalled server. When it
//   fires, the request is aborted and the body fails with StallError('body').
//
// The body is also checked line by line. ollama-js 0.6.4 skips lines that are not JSON with only a
// console warning, which would silently drop tokens; here such a line ends the stream with a
// MalformedStreamError instead (after delivering the valid lines before it). Lines carrying `{"error"}`
// are noted so the client's plain `Error(message)` can be recognised as the server's mid-stream error.
import { Agent, fetch as undiciFetch, Response as UndiciResponse } from 'undici';
import { MalformedStreamError, StallError } from '../errors';

/** An HTTP agent without undici's header and body timeouts (Ponder's own apply instead, see above). */
export function createPatientAgent(): Agent {
  return new Agent({ headersTimeout: 0, bodyTimeout: 0 });
}

export interface CallSpec {
  readonly endpoint: string;
  readonly model?: string;
  /** The caller's signal: aborting it aborts the request in any phase. */
  readonly signal: AbortSignal;
  /** Longest wait for response headers; undefined or 0: wait as long as it takes. */
  readonly headersTimeoutMs?: number;
  /** Longest silence while reading a started response body; undefined or 0: no limit. */
  readonly stallTimeoutMs?: number;
  /** The body is NDJSON: check every line. */
  readonly ndjson: boolean;
}

/** What the guarded body saw, for error classification. */
export interface CallObservations {
  /** The message of an `{"error": …}` line, if the server sent one. */
  serverError?: string;
}

/** A fetch for one call, shaped like the global fetch that the `ollama` client expects. */
export function createCallFetch(agent: Agent, spec: CallSpec, observed: CallObservations): typeof fetch {
  const callFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // Our own controller: the timeouts abort through it, so the socket is closed, not just abandoned.
    const local = new AbortController();
    const sources = [spec.signal, local.signal];
    if (init?.signal) sources.push(init.signal);
    const signal = AbortSignal.any(sources);

    const headersTimer =
      spec.headersTimeoutMs && spec.headersTimeoutMs > 0
        ? setTimeout(() => local.abort(new StallError('headers', spec.headersTimeoutMs ?? 0, spec)), spec.headersTimeoutMs)
        : undefined;
    let response: UndiciResponse;
    try {
      response = await undiciFetch(String(input instanceof Request ? input.url : input), {
        method: init?.method ?? 'GET',
        headers: init?.headers as Record<string, string> | undefined,
        body: init?.body as string | undefined,
        signal,
        dispatcher: agent,
      });
    } catch (err) {
      if (local.signal.aborted) throw local.signal.reason;
      throw err;
    } finally {
      clearTimeout(headersTimer);
    }
    if (!response.ok || !response.body) return response;
    const guarded = guardBody(response.body, spec, observed, signal, local);
    return new UndiciResponse(guarded, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return callFetch;
}

type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

/** Wraps a response body with the stall timer, NDJSON checks and immediate failure on abort. */
function guardBody(
  upstream: ReadableStream<Uint8Array>,
  spec: CallSpec,
  observed: CallObservations,
  signal: AbortSignal,
  local: AbortController,
): ReadableStream<Uint8Array> {
  const reader = upstream.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let partialLine = '';
  let pendingError: Error | undefined;
  let settled = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;

  const finish = (error?: unknown): void => {
    if (settled) return;
    settled = true;
    signal.removeEventListener('abort', onAbort);
    if (error === undefined) controllerRef?.close();
    else controllerRef?.error(error);
  };
  // An abort (the caller's, the client's iterator.abort() or our timeouts) fails the body at once, so a
  // read that is waiting for the server settles now rather than whenever the socket finally closes.
  const onAbort = (): void => {
    finish(signal.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
    reader.cancel().catch(() => undefined);
  };

  /** Splits complete lines off, checks them, and returns the bytes that may be passed on. */
  const checkLines = (text: string, final: boolean): string => {
    const lines = (partialLine + text).split('\n');
    partialLine = final ? '' : (lines.pop() ?? '');
    let accepted = '';
    for (const line of lines) {
      // Blank lines carry nothing; the client would only warn about them.
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        pendingError = new MalformedStreamError(line, spec);
        return accepted;
      }
      if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
        observed.serverError = String(parsed.error);
      }
      accepted += `${line}\n`;
    }
    return accepted;
  };

  const readWithinStallLimit = async (): Promise<ReadResult> => {
    const limit = spec.stallTimeoutMs;
    if (!limit || limit <= 0) return reader.read();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new StallError('body', limit, spec);
        local.abort(error);
        reject(error);
      }, limit);
    });
    try {
      return await Promise.race([reader.read(), stalled]);
    } finally {
      clearTimeout(timer);
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      },
      // Each pull must end having enqueued something or settled the stream: the stream does not call
      // pull() again by itself after a pull that produced nothing, so a partial line loops here.
      async pull(controller) {
        for (;;) {
          if (settled) return;
          if (pendingError) {
            // A malformed line is reported one pull after the valid lines before it were enqueued:
            // erroring the stream at once would discard them.
            const error = pendingError;
            finish(error);
            local.abort(error);
            reader.cancel().catch(() => undefined);
            return;
          }
          let result: ReadResult;
          try {
            result = await readWithinStallLimit();
          } catch (err) {
            finish(err);
            return;
          }
          if (settled) return;
          if (result.done) {
            const rest = spec.ndjson ? checkLines(decoder.decode(), true) : '';
            if (rest !== '') controller.enqueue(encoder.encode(rest));
            else if (pendingError) continue;
            if (!pendingError) finish();
            return;
          }
          if (!spec.ndjson) {
            controller.enqueue(result.value);
            return;
          }
          const accepted = checkLines(decoder.decode(result.value, { stream: true }), false);
          if (accepted !== '') {
            controller.enqueue(encoder.encode(accepted));
            return;
          }
        }
      },
      cancel(reason) {
        settled = true;
        signal.removeEventListener('abort', onAbort);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
