// Reading a Yes/No judgement from the first answer token. Tokenisers spell the same word many ways
// ("Yes", " yes", "YES", "Yes.", "▁Yes", "ĠYes"), and each spelling holds part of the probability, so the
// variants of each word are summed before comparing them.
import type { TokenLogprob } from '../model/types';

export type YesNo = 'yes' | 'no';

/** The score used when the judge's first token says neither Yes nor No: no evidence either way. */
export const NEUTRAL_SCORE = 0.5;

/** Which word a token spells, ignoring case, surrounding space, tokeniser space markers and punctuation. */
export function classifyToken(token: string): YesNo | undefined {
  const word = token
    .replace(/^[\sĠ▁"'*`(<[]+/u, '')
    .replace(/[\s.,!:;"'*`)>\]]+$/u, '')
    .toLowerCase();
  if (word === 'yes') return 'yes';
  if (word === 'no') return 'no';
  return undefined;
}

export interface YesNoReading {
  readonly score: number;
  readonly verdict: string;
  /** P(Yes) and P(No) summed over spelling variants, when log-probabilities were given. */
  readonly pYes?: number;
  readonly pNo?: number;
}

/**
 * Scores P(yes) / (P(yes) + P(no)) from the first generated token's top log-probabilities.
 * Fallbacks, each said in the verdict: neither word among the alternatives → NEUTRAL_SCORE; no
 * log-probabilities at all → the sampled text itself (Yes 1, No 0, anything else NEUTRAL_SCORE).
 */
export function readYesNo(first: TokenLogprob | undefined, text: string): YesNoReading {
  if (!first) {
    const said = classifyToken(firstWord(text));
    const score = said === 'yes' ? 1 : said === 'no' ? 0 : NEUTRAL_SCORE;
    return { score, verdict: `answered ${quote(text)} (no log-probabilities returned)` };
  }
  const candidates = [...(first.topLogprobs ?? [])];
  // The sampled token is normally among its alternatives; count it when it is not.
  if (!candidates.some((c) => c.token === first.token)) candidates.push({ token: first.token, logprob: first.logprob });
  let pYes = 0;
  let pNo = 0;
  for (const candidate of candidates) {
    if (!Number.isFinite(candidate.logprob)) continue;
    const word = classifyToken(candidate.token);
    if (word === 'yes') pYes += Math.exp(candidate.logprob);
    else if (word === 'no') pNo += Math.exp(candidate.logprob);
  }
  if (pYes + pNo <= 0) {
    return {
      score: NEUTRAL_SCORE,
      verdict: `neither Yes nor No among the ${candidates.length} most likely first tokens (got ${quote(first.token)}): neutral ${NEUTRAL_SCORE}`,
      pYes,
      pNo,
    };
  }
  const score = pYes / (pYes + pNo);
  return { score, verdict: `P(yes)=${score.toFixed(2)} (log-probabilities)`, pYes, pNo };
}

function firstWord(text: string): string {
  return text.trim().split(/\s+/u)[0] ?? '';
}

function quote(text: string): string {
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  return JSON.stringify(shown);
}
