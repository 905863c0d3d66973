// A LanguageModel whose every reply is scripted by the test: text chunks (one token each), log-probs,
// failures, and replies that hang until the request is aborted. It honours maxTokens (one token per
// chunk) and the AbortSignal like a real backend, and records every request it received.
import type {
  GenerationEvent,
  GenerationRequest,
  LanguageModel,
  ModelCapabilities,
  TokenLogprob,
} from '../../src/engine/model/types';
import { isVerificationPrompt } from '../../src/engine/prompts/verify';

export interface ScriptedReply {
  /** Streamed text, one token per chunk. */
  chunks?: readonly string[];
  thinking?: readonly string[];
  /** Log-probabilities of the first tokens (attached to the chunk of the same index). */
  logprobs?: readonly TokenLogprob[];
  /** Throw this after the chunks have been streamed. */
  error?: Error;
  /** After the chunks, wait until the request is aborted. */
  hang?: boolean;
  promptTokens?: number;
}

export type Script = (request: GenerationRequest, call: number) => ScriptedReply;

export class ScriptedModel implements LanguageModel {
  readonly label = 'scripted model';
  readonly requests: GenerationRequest[] = [];
  /** Generations in progress right now (to see parallelism). */
  active = 0;
  maxActive = 0;
  private calls = 0;

  constructor(
    private readonly script: Script,
    private readonly caps: ModelCapabilities = { logprobs: true, thinking: false },
  ) {}

  capabilities(signal: AbortSignal): Promise<ModelCapabilities> {
    signal.throwIfAborted();
    return Promise.resolve(this.caps);
  }

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<GenerationEvent> {
    const call = this.calls++;
    this.requests.push(request);
    const reply = this.script(request, call);
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      signal.throwIfAborted();
      let generated = 0;
      const thinking = reply.thinking ?? [];
      const chunks = reply.chunks ?? [];
      let doneReason: 'stop' | 'length' = 'stop';
      for (const piece of thinking) {
        if (generated >= request.maxTokens) break;
        await Promise.resolve();
        signal.throwIfAborted();
        generated += 1;
        yield { type: 'chunk', text: '', thinking: piece, logprobs: [] };
      }
      for (const [index, piece] of chunks.entries()) {
        if (generated >= request.maxTokens) {
          doneReason = 'length';
          break;
        }
        await Promise.resolve();
        signal.throwIfAborted();
        generated += 1;
        const logprob = request.logprobs ? reply.logprobs?.[index] : undefined;
        yield { type: 'chunk', text: piece, thinking: '', logprobs: logprob ? [logprob] : [] };
      }
      if (reply.error) throw reply.error;
      if (reply.hang) await untilAborted(signal);
      yield {
        type: 'done',
        usage: {
          promptTokens: reply.promptTokens ?? 10,
          generatedTokens: generated,
          totalDurationMs: 1,
          loadDurationMs: 0,
          promptEvalDurationMs: 0,
          evalDurationMs: 1,
          doneReason,
        },
      };
    } finally {
      this.active -= 1;
    }
  }
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** Splits text into one-character-ish tokens: words and the whitespace between them. */
export function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/** A chain of paragraphs ending in \boxed{answer}, as chunks. */
export function chain(steps: readonly string[], answer: string | undefined): string[] {
  const body = answer === undefined ? steps.join('\n\n') : `${steps.join('\n\n')}\n\nThe answer is \\boxed{${answer}}.`;
  return tokens(body);
}

/** Whether a request is a verification prompt (the judge's question after the solution). */
export function isVerification(request: GenerationRequest): boolean {
  return request.messages.some((m) => m.role === 'user' && isVerificationPrompt(m.content));
}

/** Top log-probabilities for a judge token with P(yes) = p (as " Yes"/"Yes" and "No" variants). */
export function yesNoLogprobs(p: number): TokenLogprob {
  const top = [
    { token: 'Yes', logprob: Math.log(Math.max(1e-9, p * 0.7)) },
    { token: ' yes', logprob: Math.log(Math.max(1e-9, p * 0.3)) },
    { token: 'No', logprob: Math.log(Math.max(1e-9, (1 - p) * 0.9)) },
    { token: 'NO', logprob: Math.log(Math.max(1e-9, (1 - p) * 0.1)) },
  ].sort((a, b) => b.logprob - a.logprob);
  const first = top[0] as { token: string; logprob: number };
  return { token: first.token, logprob: first.logprob, topLogprobs: top };
}
