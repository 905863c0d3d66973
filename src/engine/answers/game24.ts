// Game of 24: there is no gold answer; a solution is right when its final expression uses each of the
// four given numbers exactly once and equals 24 in exact arithmetic (8/(3-8/3) = 24, not 23.999…).
// The expression is read as the Tree-of-Thoughts grader reads it: the last line, after "Answer:",
// the part left of the first "=".
import { exactValue } from './evaluate';
import { ARITHMETIC, numberLiterals, parseExpression } from './expression';
import { equals, rational } from './rational';

const TARGET = rational(24n);

/** The expression of the last line ("Answer: (10 - 4) * 5 - 6 = 24" → "(10 - 4) * 5 - 6"); undefined without digits. */
export function extractGame24Expression(text: string): string | undefined {
  const last = text.trim().split('\n').at(-1) ?? '';
  const afterLabel = last.split(/answer\s*[:：]/i).at(-1) ?? '';
  const expression = (afterLabel.split('=')[0] ?? '').trim();
  return /\d/.test(expression) ? expression : undefined;
}

/** The expression as a voting key: lower case, no whitespace (the form the replay files record). */
export function game24AnswerKey(text: string): string | undefined {
  return extractGame24Expression(text)?.toLowerCase().replace(/\s+/g, '');
}

/** The puzzle's numbers, e.g. "4 5 6 10" → ["4", "5", "6", "10"]. */
export function game24Numbers(problem: string): string[] {
  return (problem.match(/\d+/g) ?? []).map((digits) => BigInt(digits).toString());
}

/** True when `expression` uses exactly the puzzle's numbers, each once, and equals 24. */
export function checkGame24Expression(problem: string, expression: string): boolean {
  const expr = parseExpression(expression, ARITHMETIC);
  if (expr === undefined) return false;
  const used: string[] = [];
  for (const literal of numberLiterals(expr)) {
    if (literal.kind !== 'num' || literal.decimal) return false;
    used.push(literal.value.num.toString());
  }
  const wanted = game24Numbers(problem);
  if (wanted.length === 0 || used.sort().join() !== wanted.sort().join()) return false;
  const value = exactValue(expr);
  return value !== undefined && equals(value, TARGET);
}

/** True when the model's text ends with a valid Game of 24 solution for `problem`. */
export function checkGame24(problem: string, text: string): boolean {
  const expression = extractGame24Expression(text);
  return expression !== undefined && checkGame24Expression(problem, expression);
}
