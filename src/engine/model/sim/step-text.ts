// Reading a written step: the equation it states (`a op b = r`, the last one in the step) and the boxed
// answer if it gives one. Narrative words around them carry no weight, so a step cannot talk its way
// into being judged correct.
import type { StepValues } from './plan';
import { Rational, readOperator } from './rational';

const NUMBER = String.raw`\(\s*-?\d+(?:\s*/\s*\d+)?\s*\)|-?\d+(?:/\d+)?`;
const EQUATION = new RegExp(`(${NUMBER})\\s*([-+×÷*/·])\\s*(${NUMBER})\\s*=\\s*(-?\\d+(?:/\\d+)?)`, 'gu');

export function readEquation(step: string): StepValues | undefined {
  const text = step.replace(/[−–]/gu, '-');
  let last: StepValues | undefined;
  for (const match of text.matchAll(EQUATION)) {
    const op = readOperator(match[2] ?? '');
    const a = Rational.parse(match[1] ?? '');
    const b = Rational.parse(match[3] ?? '');
    const result = Rational.parse(match[4] ?? '');
    if (op && a && b && result) last = { op, a, b, result };
  }
  return last;
}

/** The content of the last `\boxed{…}`, read as a number (`12`, `-3`, `22/7`, `\frac{22}{7}`). */
export function readBoxed(step: string): Rational | undefined {
  const matches = [...step.matchAll(/\\boxed\{((?:[^{}]|\{[^{}]*\})*)\}/gu)];
  const content = matches.at(-1)?.[1]?.trim();
  if (content === undefined) return undefined;
  const fraction = /^(-?)\\d?frac\{(\d+)\}\{(\d+)\}$/u.exec(content.replace(/\s+/gu, ''));
  if (fraction) {
    const den = BigInt(fraction[3] ?? '1');
    if (den === 0n) return undefined;
    return Rational.of((fraction[1] ? -1n : 1n) * BigInt(fraction[2] ?? '0'), den);
  }
  return Rational.parse(content.replace(/[−–]/gu, '-').replace(/,(?=\d{3}\b)/gu, ''));
}

/** Whether the step gives a final answer at all. */
export function hasBoxed(step: string): boolean {
  return /\\boxed\{/u.test(step);
}
