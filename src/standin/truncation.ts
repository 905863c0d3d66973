// What Ollama does with a prompt longer than the context, per version. Ponder must never solve a problem
// that was cut, so the stand-in has to cut exactly where Ollama would.
//
// 1. num_ctx is capped at the model's trained context length, silently (llm/server.go v0.13.0 "requested
//    context size too large for model"; server/sched.go v0.33.0-rc2 effectiveContext).
// 2. Chat messages (truncate true, the default): the oldest messages are dropped, system messages kept,
//    until the rendered prompt fits in num_ctx; the last message always stays (server/prompt.go chatPrompt,
//    v0.13.0 and v0.33.0-rc2). For Ponder's [system, problem, steps so far] the problem goes first.
// 3. The prompt's tokens, if still too long:
//    - Go runner, before 0.30 (runner/ollamarunner/runner.go v0.13.0 NewSequence): more than num_ctx
//      tokens with truncate false → 400 "the input length exceeds the context length"; otherwise the first
//      num_keep tokens are kept and the oldest after them dropped until num_ctx remain;
//    - llama-server, from 0.30 (llm/llama_server.go v0.33.0-rc2 completionPrompt): with truncate false the
//      prompt goes to llama-server as it is, which refuses it with its exceed_context_size_error (its JSON
//      body becomes Ollama's error text, statusErrorMessage); with truncate true and more than num_ctx − 1
//      tokens, shift false → 400 "the prompt is longer than the context length …", shift true → num_keep
//      tokens kept and the rest cut to contextShiftPromptLimit = num_ctx − max((num_ctx − num_keep) / 2, 1).
// `truncate` and `shift` exist from 0.12.7 (api/types.go); before that both are always on.
import type { ModelOptions } from './model-options';
import type { Features } from './version';

/** The num_ctx a runner really gets. */
export function effectiveContext(numCtx: number, trainedContext: number): number {
  return trainedContext > 0 && numCtx > trainedContext ? trainedContext : numCtx;
}

export interface TruncateFlags {
  readonly truncate: boolean;
  readonly shift: boolean;
}

/** The request's truncate/shift, as the version imitated reads them (absent or older server: true). */
export function truncateFlags(body: Record<string, unknown>, features: Features): TruncateFlags {
  if (!features.truncateShift) return { truncate: true, shift: true };
  return { truncate: body.truncate !== false, shift: body.shift !== false };
}

/**
 * The request's options as its runner really gets them, with its truncate/shift flags: num_ctx capped at the
 * trained context, and from 0.30 `shift` in the runner key, since it picks how llama-server is launched
 * (--context-shift), so a different one reloads the model (server/sched.go needsReload, v0.33.0-rc2).
 */
export function runnerOptions(
  parsed: ModelOptions,
  body: Record<string, unknown>,
  features: Features,
  trainedContext: number,
): { options: ModelOptions; truncation: TruncateFlags } {
  const truncation = truncateFlags(body, features);
  const shiftKey = features.llamaServer ? `;shift=${String(truncation.shift)}` : '';
  return {
    options: { ...parsed, numCtx: effectiveContext(parsed.numCtx, trainedContext), runnerKey: parsed.runnerKey + shiftKey },
    truncation,
  };
}

/** Index of the first message kept by chatPrompt's truncation (0 when everything fits or truncate is off). */
export function firstKeptMessage<M extends { readonly role: string }>(
  messages: readonly M[],
  numCtx: number,
  countTokens: (messages: readonly M[]) => number,
): number {
  const last = messages.length - 1;
  for (let i = 0; i <= last; i++) {
    const system = messages.slice(0, i).filter((m) => m.role === 'system');
    if (countTokens([...system, ...messages.slice(i)]) <= numCtx) return i;
  }
  return Math.max(0, last);
}

/** The kept messages: system messages from before `first`, then everything from `first`. */
export function keptMessages<M extends { readonly role: string }>(messages: readonly M[], first: number): M[] {
  return [...messages.slice(0, first).filter((m) => m.role === 'system'), ...messages.slice(first)];
}

export type TokenOutcome =
  | { readonly kind: 'fits' }
  | { readonly kind: 'cut'; readonly tokens: readonly string[] }
  | { readonly kind: 'refused'; readonly status: number; readonly message: string };

/** Step 3: what the runner does with the prompt's tokens. */
export function truncateTokens(
  tokens: readonly string[],
  numCtx: number,
  numKeep: number,
  flags: TruncateFlags,
  features: Features,
): TokenOutcome {
  if (!features.llamaServer) {
    if (tokens.length <= numCtx) return { kind: 'fits' };
    if (!flags.truncate) return { kind: 'refused', status: 400, message: 'the input length exceeds the context length' };
    const keep = Math.max(0, Math.min(numKeep < 0 ? tokens.length : numKeep, numCtx - 1));
    const discard = tokens.length - numCtx;
    return { kind: 'cut', tokens: [...tokens.slice(0, keep), ...tokens.slice(keep + discard)] };
  }
  if (!flags.truncate) {
    if (tokens.length < numCtx) return { kind: 'fits' };
    // llama.cpp tools/server: the task's tokens must leave room in n_ctx (exceed_context_size_error).
    const body = {
      error: {
        code: 400,
        message: 'the request exceeds the available context size, try increasing it',
        type: 'exceed_context_size_error',
        n_prompt_tokens: tokens.length,
        n_ctx: numCtx,
      },
    };
    return { kind: 'refused', status: 400, message: JSON.stringify(body) };
  }
  if (numCtx <= 1 || tokens.length <= numCtx - 1) return { kind: 'fits' };
  if (!flags.shift) {
    return {
      kind: 'refused',
      status: 400,
      message:
        'the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length',
    };
  }
  const keep = Math.min(numKeep < 0 ? tokens.length : numKeep, numCtx - 1);
  const limit = numCtx - Math.max(Math.floor((numCtx - keep) / 2), 1);
  const discard = tokens.length - limit;
  return { kind: 'cut', tokens: [...tokens.slice(0, keep), ...tokens.slice(keep + discard)] };
}
