// Turns drafted text into tokens with log-probabilities. Where the draft says the model weighed
// alternatives (a step's result, the judge's Yes/No), the token carries that distribution; elsewhere it
// gets the kind of confident, slightly noisy log-probability real models give to running prose, with
// plausible filler alternatives. Values are the pre-sampling distribution, as Ollama reports them.
import type { Choice } from './draft';
import type { Rng } from './random';
import { tokenize } from './tokenizer';
import type { SimToken, SimTopLogprob } from './types';

const FILLER = [' the', ',', ' so', '.', ' and', ' is', ' of', ' to', ' a', ' we', ' then', ' that', ' it', ' has', ' this', '\n\n', ' gives', ' now', ' which', ' each', ' for', ' in'];

/** The most alternatives any token lists (Ollama's limit for top_logprobs). */
export const MAX_TOP_LOGPROBS = 20;

export function toSimTokens(text: string, thinking: boolean, choices: readonly Choice[], topCount: number, rng: Rng): SimToken[] {
  const tokens: SimToken[] = [];
  let start = 0;
  for (const token of tokenize(text)) {
    const end = start + token.length;
    const choice = choices.find((c) => c.at >= start && c.at < end);
    tokens.push(choice ? chosenToken(token, start, choice, thinking, topCount, rng) : fillerToken(token, thinking, topCount, rng));
    start = end;
  }
  return tokens;
}

function chosenToken(token: string, start: number, choice: Choice, thinking: boolean, topCount: number, rng: Rng): SimToken {
  const before = token.slice(0, choice.at - start);
  const merged = new Map<string, number>();
  for (const option of choice.options) {
    const first = tokenize(before + option.text)[0] ?? option.text;
    merged.set(first, (merged.get(first) ?? 0) + option.probability);
  }
  const total = [...merged.values()].reduce((sum, p) => sum + p, 0);
  // Leave a little mass for the rest of the vocabulary.
  const scale = total > 1 - 1e-4 ? (1 - 1e-4) / total : 1;
  const probability = (merged.get(token) ?? 1e-4) * scale;
  const ranked = [...merged]
    .map(([text, p]): SimTopLogprob => ({ token: text, logprob: Math.log(p * scale) }))
    .sort((a, b) => b.logprob - a.logprob);
  // Fill up to the requested count with unlikely filler, as a real vocabulary always has more tokens.
  let remaining = 1 - total * scale;
  const offset = rng.int(0, FILLER.length - 1);
  for (let i = 0; ranked.length < topCount && i < FILLER.length; i++) {
    const candidate = FILLER[(offset + i) % FILLER.length] ?? '';
    if (merged.has(candidate) || ranked.some((r) => r.token === candidate)) continue;
    remaining /= 2;
    ranked.push({ token: candidate, logprob: Math.log(remaining) });
  }
  return { text: token, logprob: Math.log(probability), top: topList(token, Math.log(probability), ranked, topCount), thinking };
}

function fillerToken(token: string, thinking: boolean, topCount: number, rng: Rng): SimToken {
  // Mostly near-certain tokens, sometimes a real choice of wording.
  const surprise = rng.chance(0.8) ? 0.0005 + 0.05 * rng.next() : 0.05 + 1.15 * rng.next();
  const logprob = -surprise;
  if (topCount <= 0) return { text: token, logprob, top: [], thinking };
  let remaining = 1 - Math.exp(logprob);
  const alternatives: SimTopLogprob[] = [];
  const offset = rng.int(0, FILLER.length - 1);
  for (let i = 0; i < FILLER.length && alternatives.length < topCount - 1; i++) {
    const candidate = FILLER[(offset + i) % FILLER.length] ?? '';
    if (candidate === token) continue;
    // Never above the written token: at temperature 0 the written token is the most likely one.
    const share = Math.min(remaining * (0.35 + 0.3 * rng.next()), Math.exp(logprob) * 0.8);
    remaining -= share;
    alternatives.push({ token: candidate, logprob: Math.log(share) });
  }
  return { text: token, logprob, top: topList(token, logprob, alternatives, topCount), thinking };
}

/** The `count` most likely tokens, best first, with the chosen one always among them. */
function topList(token: string, logprob: number, candidates: readonly SimTopLogprob[], count: number): SimTopLogprob[] {
  if (count <= 0) return [];
  const all = candidates.some((c) => c.token === token) ? [...candidates] : [...candidates, { token, logprob }];
  all.sort((a, b) => b.logprob - a.logprob);
  const top = all.slice(0, count);
  if (!top.some((c) => c.token === token)) top[top.length - 1] = { token, logprob };
  return top;
}
