// Shared set-up for the Ollama adapter's integration tests: a scripted backend for the stand-in (exact
// tokens, so tests can assert exact text), and small helpers to run generations.
import { createServer } from 'node:net';
import { collectGeneration } from '../../../src/engine/model/collect';
import type { Generation, GenerationRequest, LanguageModel } from '../../../src/engine/model/types';
import type { SimToken } from '../../../src/engine/model/sim/types';
import type { RespondFn } from '../../../src/standin';

/** A token the scripted backend emits, with a fixed log-probability and two alternatives. */
function token(text: string, thinking: boolean): SimToken {
  return {
    text,
    logprob: -0.25,
    top: [
      { token: text, logprob: -0.25 },
      { token: '¿', logprob: -3.5 },
    ],
    thinking,
  };
}

/** Always answers with these thinking and answer tokens (thinking first), whatever the prompt. */
export function scriptedRespond(answer: readonly string[], thinking: readonly string[] = []): RespondFn {
  const tokens = [...thinking.map((t) => token(t, true)), ...answer.map((t) => token(t, false))];
  return () => ({ tokens, doneReason: 'stop' });
}

/** `count` answer tokens "t0 ", "t1 ", … */
export function countingTokens(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `t${i} `);
}

export function ask(content: string, extra: Partial<GenerationRequest> = {}): GenerationRequest {
  return { messages: [{ role: 'user', content }], temperature: 0.7, maxTokens: 10_000, ...extra };
}

export function run(model: LanguageModel, request: GenerationRequest, signal = new AbortController().signal): Promise<Generation> {
  return collectGeneration(model.generate(request, signal));
}

/** Rejects with what `promise` rejected with (fails if it resolved). */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A port nothing listens on: bound once by us, then released. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

/** Polls `condition` every few ms until it holds; rejects after `timeoutMs`. Resolves with the time it took. */
export async function within(timeoutMs: number, condition: () => boolean, what: string): Promise<number> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return performance.now() - started;
}

/** Answers prompts containing "long" with `longCount` tokens and every other prompt with `shortCount`. */
export function lengthByPrompt(longCount: number, shortCount: number): RespondFn {
  const long = scriptedRespond(countingTokens(longCount));
  const short = scriptedRespond(countingTokens(shortCount));
  return (request) => (request.messages.some((m) => m.content.includes('long')) ? long(request) : short(request));
}
