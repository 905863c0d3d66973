// Labels from model text, without the DOM (so they are testable anywhere).
import { withoutBidiControls } from '../protocol/text';

/** One line of a node's text, for labels. */
export function firstLine(text: string, max: number): string {
  const line = withoutBidiControls(text).trim().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
