// Model output and problem text are untrusted: in a hover they must stay text. Every ASCII punctuation
// character is backslash-escaped (CommonMark allows that for all of them), so no link, image, emphasis,
// code span, table or heading can form, and bare URLs or e-mail addresses cannot be auto-linked (their
// "://", "." and "@" are broken by the escapes). `<`, `>` and `&` become entities so no HTML survives.
// Bidirectional embedding, override and isolate controls are dropped: they could make the text read
// differently from what it is (and push Ponder's own links around).
import { withoutBidiControls } from '../protocol/text';

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** `text` as inert Markdown on one line (runs of whitespace, line breaks included, become one space). */
export function inertMarkdown(text: string, maxLength = 400): string {
  let flat = untrustedLine(text);
  if (flat.length > maxLength) flat = `${flat.slice(0, maxLength - 1)}…`;
  return escapePunctuation(flat);
}

/** Untrusted text on one line: control characters and runs of whitespace (line breaks too) become one space; bidirectional controls go. */
export function untrustedLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return withoutBidiControls(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ')).trim();
}

/**
 * Untrusted text as its lines: control characters become spaces, bidirectional controls go, each line loses
 * its leading spaces (they would make code blocks) and empty lines are kept out (they would end a quote or a
 * list item).
 */
export function untrustedLines(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  const clean = withoutBidiControls(text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ' '));
  return clean.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/**
 * `text` as inert Markdown lines, whole (for reports): each line escaped as above, with its leading spaces
 * dropped (they would make code blocks) and empty lines kept out (they would end a quote or a list item).
 */
export function inertMarkdownLines(text: string): string[] {
  return untrustedLines(text).map(escapePunctuation);
}

function escapePunctuation(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, (ch) => HTML_ENTITIES[ch] ?? `\\${ch}`);
}

/** A `command:` link with JSON arguments, as VS Code expects them in a trusted Markdown string. */
export function commandLink(label: string, command: string, args: readonly unknown[]): string {
  return `[${inertMarkdown(label)}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}
