// Labels from model text, without the DOM (so they are testable anywhere). Labels are plain text: LaTeX in
// them is shown as readable Unicode (`\boxed{\frac{38}{7}}` → `38/7`).
import { withoutBidiControls } from '../protocol/text';
import { latexToText } from '../shared/latex-text';

/** One line of a node's text, for labels. */
export function firstLine(text: string, max: number): string {
  const line = latexToText(withoutBidiControls(text).trim().split('\n', 1)[0] ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
