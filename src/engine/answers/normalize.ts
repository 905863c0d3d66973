// A canonical key per answer, for voting: answers that mean the same number or the same structure get
// the same key ("0.50", ".5", "1/2", "\frac12", "\dfrac{1}{2}" → "1/2"; "1,000" and "1 000" → "1000";
// "(1, 2)" → "(1,2)"; "\{2,1\}" → "{1,2}"). Symbolic answers keep their cleaned text as the key, so
// `answersEquivalent` may still join two different keys ("2\sqrt{3}" and "\sqrt{12}").
import { exactValue } from './evaluate';
import type { Expr } from './expression';
import { MATH, parseExpression } from './expression';
import { plainAnswer } from './plain';
import type { Rational } from './rational';
import { formatRational } from './rational';
import type { AnswerShape } from './shape';
import { parseShape } from './shape';

/** One value of an answer, read as far as it can be. */
export interface ScalarValue {
  /** Canonical text: a reduced fraction for rational values, the cleaned text otherwise. */
  readonly key: string;
  /** The parsed expression, when the text is one. */
  readonly expr?: Expr;
  /** The exact value, when the expression is rational arithmetic. */
  readonly exact?: Rational;
}

/** Longer "answers" are prose, not values; they are compared as cleaned text only. */
const MAX_ANSWER_LENGTH = 400;

export function scalarValue(text: string): ScalarValue {
  const compact = text.replace(/\s+/g, '');
  const expr = parseExpression(text, MATH);
  if (expr === undefined) return { key: compact };
  const exact = exactValue(expr);
  return exact === undefined ? { key: compact, expr } : { key: formatRational(exact), expr, exact };
}

/** The structure of a raw answer (LaTeX or plain text). */
export function answerShape(raw: string): AnswerShape {
  const trimmed = raw.trim();
  if (trimmed.length > MAX_ANSWER_LENGTH) return { kind: 'scalar', text: trimmed.replace(/\s+/g, ' ').toLowerCase() };
  return parseShape(plainAnswer(trimmed));
}

export function shapeKey(shape: AnswerShape): string {
  switch (shape.kind) {
    case 'scalar':
      return scalarValue(shape.text).key;
    case 'tuple':
      return `${shape.open}${shape.items.map(shapeKey).join(',')}${shape.close}`;
    case 'unordered': {
      const keys = shape.items.map(shapeKey).sort();
      return shape.joiner === '∪' ? keys.join('∪') : `{${keys.join(',')}}`;
    }
    case 'matrix':
      return `matrix(${shape.rows.map((row) => row.map(shapeKey).join(',')).join(';')})`;
  }
}

/** The canonical key of an answer, for grouping votes. */
export function normalizeAnswer(raw: string): string {
  return shapeKey(answerShape(raw));
}
