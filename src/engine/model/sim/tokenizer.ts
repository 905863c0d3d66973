// The simulated reasoner's tokenizer: a simple, deterministic word-piece-like split. It is not any real
// model's vocabulary; it only has to behave like one where Ponder cares: about one token per four
// characters of English, numbers in chunks of at most three digits (as in Llama 3 / GPT-4 style
// tokenizers), and tokens that concatenate back to the exact text.
//
// Rules, applied left to right:
// - a run of whitespace is attached to the front of the token that follows it (" the", "\n\nNext");
//   whitespace at the very end of the text is a token of its own;
// - a run of letters is split into pieces of at most LETTERS_PER_PIECE letters;
// - a run of ASCII digits is split into pieces of at most three digits;
// - any other character (punctuation, symbols, emoji) is a token by itself.

/** Longest letter piece. 6 gives ≈ 4.0 characters per token on GSM8K problem text (3.5–4 on technical prose). */
const LETTERS_PER_PIECE = 6;
const DIGITS_PER_PIECE = 3;

type CharClass = 'space' | 'letter' | 'digit' | 'other';

function classOf(char: string): CharClass {
  if (/^\s$/u.test(char)) return 'space';
  if (/^[0-9]$/u.test(char)) return 'digit';
  if (/^[\p{L}\p{M}]$/u.test(char)) return 'letter';
  return 'other';
}

/** Splits `text` into tokens; `tokenize(text).join('') === text` always holds. */
export function tokenize(text: string): string[] {
  const chars = Array.from(text); // by code point, so surrogate pairs stay whole
  const tokens: string[] = [];
  let i = 0;
  while (i < chars.length) {
    let token = '';
    while (i < chars.length && classOf(chars[i] ?? '') === 'space') token += chars[i++];
    if (i >= chars.length) {
      tokens.push(token);
      break;
    }
    const kind = classOf(chars[i] ?? '');
    const limit = kind === 'letter' ? LETTERS_PER_PIECE : kind === 'digit' ? DIGITS_PER_PIECE : 1;
    let taken = 0;
    while (i < chars.length && taken < limit && classOf(chars[i] ?? '') === kind) {
      token += chars[i++];
      taken++;
    }
    tokens.push(token);
  }
  return tokens;
}

/** Number of tokens in `text`. */
export function countTokens(text: string): number {
  return tokenize(text).length;
}
