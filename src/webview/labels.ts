// Labels from model text, without the DOM (so they are testable anywhere).

/**
 * Model text without bidirectional embedding, override and isolate controls: they would make a label or a
 * step read differently from what it is (a "Trojan Source" reordering).
 */
export function withoutBidiControls(text: string): string {
  return text.replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
}

/** One line of a node's text, for labels. */
export function firstLine(text: string, max: number): string {
  const line = withoutBidiControls(text).trim().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
