// Finds the problems of a Markdown fixture document, so the UI test can select one by its lines.
import { readFileSync } from 'node:fs';

export interface ProblemLines {
  /** 1-based, inclusive. */
  readonly firstLine: number;
  readonly lastLine: number;
  readonly text: string;
}

/** Paragraphs that ask a question (end with "?") and are not headings, comments or code: one problem each. */
export function problemsIn(path: string): ProblemLines[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const problems: ProblemLines[] = [];
  let start = -1;
  const flush = (end: number): void => {
    if (start < 0) return;
    const text = lines.slice(start, end).join('\n');
    if (!/^\s*(#|<!--|```|---)/.test(text) && text.trim().endsWith('?')) problems.push({ firstLine: start + 1, lastLine: end, text });
    start = -1;
  };
  lines.forEach((line, index) => {
    if (line.trim() === '') flush(index);
    else if (start < 0) start = index;
  });
  flush(lines.length);
  return problems;
}
