// Shared by the stand-in's integration tests: a tiny deterministic backend (so protocol tests do not
// depend on what the simulated reasoner says), NDJSON reading over plain fetch, and small HTTP helpers.
import type { RespondFn, TokenizeFn } from '../../../src/standin';
import type { SimRequest, SimToken } from '../../../src/engine/model/sim/types';

/** Words with their leading whitespace: "a b" → ["a", " b"]. */
export const wordTokenize: TokenizeFn = (text) => text.match(/\s*\S+|\s+$/g) ?? [];

export interface ScriptOptions {
  /** Visible tokens. */
  readonly answer?: readonly string[];
  /** Thinking tokens, emitted first when the request asks to think. */
  readonly thinking?: readonly string[];
}

/** A backend that always answers the same tokens (and records the requests it got). */
export function scriptedBackend(script: ScriptOptions = {}): RespondFn & { requests: SimRequest[] } {
  const answer = script.answer ?? ['The', ' answer', ' is', ' \\boxed{4}', '.'];
  const thinking = script.thinking ?? ['Let', ' me', ' add.'];
  const requests: SimRequest[] = [];
  const toToken = (text: string, isThinking: boolean, i: number): SimToken => ({
    text,
    logprob: -0.1 * (i + 1),
    top: [
      { token: text, logprob: -0.1 * (i + 1) },
      { token: ' alt', logprob: -2 - i },
      { token: ' other', logprob: -3 - i },
    ],
    thinking: isThinking,
  });
  const respond: RespondFn = (request) => {
    requests.push(request);
    const tokens = [
      ...(request.think ? thinking.map((t, i) => toToken(t, true, i)) : []),
      ...answer.map((t, i) => toToken(t, false, i)),
    ];
    const capped = request.maxTokens >= 0 && tokens.length > request.maxTokens;
    return { tokens: capped ? tokens.slice(0, request.maxTokens) : tokens, doneReason: capped ? 'length' : 'stop' };
  };
  return Object.assign(respond, { requests });
}

/** A backend with `count` tokens: long enough that a test can act while it streams. */
export function longBackend(count: number): RespondFn {
  return scriptedBackend({ answer: Array.from({ length: count }, (_, i) => ` t${i}`) });
}

export type Json = Record<string, unknown>;

export async function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), ...init });
}

/** Reads a whole NDJSON body: the parsed lines and the raw text. */
export async function readNdjson(response: Response): Promise<{ lines: Json[]; text: string }> {
  const text = await response.text();
  const lines = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Json);
  return { lines, text };
}

/** Reads NDJSON lines as they arrive; `next()` gives the next parsed line (or undefined at the end). */
export function lineReader(response: Response): { next(): Promise<Json | undefined>; cancel(): Promise<void> } {
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const newline = buffer.indexOf('\n');
        if (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          return JSON.parse(line) as Json;
        }
        const { done, value } = await reader.read();
        if (done) return undefined;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

/** Whether a promise has settled, checked without waiting for it. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  const result = await Promise.race([promise.then(() => true, () => true), new Promise((resolve) => setImmediate(() => resolve(pending)))]);
  return result !== pending;
}
