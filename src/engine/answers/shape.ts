// The structure of an answer: one value, an ordered tuple or interval, an unordered collection, or a
// matrix. PRM800K compares tuples and intervals element by element and requires the same brackets, so
// (1,2), [1,2] and (1,2] are three different answers; we do the same. Sets `\{…\}`, bare lists "1, 2"
// (MATH's "enter all the solutions, separated by commas") and unions of intervals are unordered.
import { stripNamePrefix } from './plain';

export type AnswerShape =
  | { readonly kind: 'scalar'; readonly text: string }
  | { readonly kind: 'tuple'; readonly open: string; readonly close: string; readonly items: readonly AnswerShape[] }
  | { readonly kind: 'unordered'; readonly joiner: ',' | '∪'; readonly items: readonly AnswerShape[] }
  | { readonly kind: 'matrix'; readonly rows: readonly (readonly AnswerShape[])[] };

const OPENERS = '([{';
const CLOSERS = ')]}';
const MAX_DEPTH = 20;

/** Splits at `separator` where no bracket is open. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && ch === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/**
 * True when the bracket at 0 is closed by the last character. `(` and `[` close with either `)` or `]`,
 * because an interval such as [0,∞) mixes them.
 */
function wrapsWhole(text: string): boolean {
  if (text.length < 2 || !OPENERS.includes(text[0] ?? '') || !CLOSERS.includes(text.at(-1) ?? '')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch) && --depth === 0) return i === text.length - 1;
  }
  return false;
}

/** Parses plain answer text (see `plainAnswer`) into its shape. */
export function parseShape(text: string, depth = 0): AnswerShape {
  const trimmed = text.trim();
  if (depth > MAX_DEPTH) return { kind: 'scalar', text: trimmed };

  const matrix = /^matrix\((.*)\)$/s.exec(trimmed);
  if (matrix && wrapsWhole(trimmed.slice('matrix'.length))) {
    const rows = splitTopLevel(matrix[1] ?? '', ';').map((row) =>
      splitTopLevel(row, ',').map((cell) => parseShape(cell, depth + 1)),
    );
    return { kind: 'matrix', rows };
  }

  const union = splitTopLevel(trimmed, '∪');
  if (union.length > 1) return { kind: 'unordered', joiner: '∪', items: union.map((part) => parseShape(part, depth + 1)) };

  if (wrapsWhole(trimmed)) {
    const open = trimmed[0] ?? '';
    const close = trimmed.at(-1) ?? '';
    const inner = trimmed.slice(1, -1);
    const items = splitTopLevel(inner, ',').filter((item) => item !== '');
    if (open === '{' && close === '}') {
      return { kind: 'unordered', joiner: ',', items: items.map((item) => parseShape(item, depth + 1)) };
    }
    // A single bracketed value, "(C)" or "(5)", is that value.
    if (items.length === 1) return parseShape(inner, depth + 1);
    if (items.length > 1) return { kind: 'tuple', open, close, items: items.map((item) => parseShape(item, depth + 1)) };
  }

  const list = splitTopLevel(trimmed, ',').filter((item) => item !== '');
  if (list.length > 1) return { kind: 'unordered', joiner: ',', items: list.map((item) => parseShape(item, depth + 1)) };

  return { kind: 'scalar', text: stripNamePrefix(trimmed) };
}
