// The simulated reasoner: Ponder's embedded demo model, and what tests and benchmarks run against when no
// real model is at hand. `respond` turns one chat request into the tokens a small instruction-tuned model
// might produce for it, mistakes included (docs/simulator.md). Deterministic for a given seed; a request
// without a seed gets a fresh random one, as with Ollama.
import { firstStop } from '../stop-strings';
import { resolveSimParams, type SimConfig } from './config';
import type { Draft, DraftContext } from './draft';
import { MODES } from './modes';
import { freshSeed, Rng } from './random';
import { MAX_TOP_LOGPROBS, toSimTokens } from './token-logprobs';
import type { SimRequest, SimResponse, SimToken } from './types';

export type { SimConfig } from './config';

export function respond(request: SimRequest, config?: SimConfig): SimResponse {
  const params = resolveSimParams(config);
  const seed = request.seed ?? freshSeed();
  const context: DraftContext = { request, seed, params };
  const draft = draftFor(context);
  const topCount = Math.max(0, Math.min(MAX_TOP_LOGPROBS, Math.floor(request.topLogprobs ?? 0)));
  const rng = new Rng('tokens', seed, draft.answer);
  const tokens = [
    ...(request.think && draft.thinking ? toSimTokens(draft.thinking, true, [], topCount, rng) : []),
    ...toSimTokens(draft.answer, false, draft.choices, topCount, rng),
  ];
  const limited = limit(tokens, request.maxTokens, request.stop ?? []);
  // A budgeted trace's outcome holds only when the overall cap left the trace whole.
  const outcome = draft.thinkingOutcome;
  if (!outcome || !request.think) return limited;
  const written = limited.tokens.filter((t) => t.thinking).length;
  return { ...limited, thinkingOutcome: written >= outcome.tokens ? outcome : { ...outcome, tokens: written, ending: 'cut' } };
}

function draftFor(context: DraftContext): Draft {
  for (const mode of MODES) {
    const draft = mode.draft(context);
    if (draft) return draft;
  }
  throw new Error('no simulated-reasoner mode accepted the request'); // the demo mode accepts everything
}

/**
 * Applies the token cap (thinking included; -1 = none) and the stop strings (checked on the visible text
 * only; the stand-in matches a thinking request's stops on its raw text, trace included, as Ollama and vLLM
 * do: standin/raw-stops.ts): the output ends just before the first stop string, which is not included.
 */
function limit(tokens: readonly SimToken[], maxTokens: number, stop: readonly string[]): SimResponse {
  const stops = stop.filter((s) => s.length > 0);
  const longest = Math.max(0, ...stops.map((s) => s.length));
  const out: SimToken[] = [];
  let visible = '';
  for (const token of tokens) {
    if (maxTokens >= 0 && out.length >= maxTokens) return { tokens: out, doneReason: 'length' };
    if (token.thinking || stops.length === 0) {
      out.push(token);
      if (!token.thinking) visible += token.text;
      continue;
    }
    const searchFrom = Math.max(0, visible.length - longest + 1);
    visible += token.text;
    const cut = firstStop(visible, stops, searchFrom);
    if (cut === undefined) {
      out.push(token);
      continue;
    }
    // Drop everything from the stop string on; it may have begun in an earlier token.
    out.push(token);
    let excess = visible.length - cut;
    for (let i = out.length - 1; i >= 0 && excess > 0; i--) {
      const last = out[i];
      if (!last || last.thinking) continue;
      const keep = Math.max(0, last.text.length - excess);
      excess -= last.text.length - keep;
      if (keep === 0) out.splice(i, 1);
      else out[i] = { ...last, text: last.text.slice(0, keep) };
    }
    return { tokens: out, doneReason: 'stop' };
  }
  return { tokens: out, doneReason: 'stop' };
}

