// Replaces one generated section of a Markdown document (between `<!-- name:start -->` and
// `<!-- name:end -->`), keeping everything else; appends the section when the markers are missing.
// Written only when PONDER_WRITE_DOCS=1, so ordinary test runs never change the working tree.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function writeDocsEnabled(): boolean {
  return process.env.PONDER_WRITE_DOCS === '1';
}

export function replaceSection(document: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from === -1 || to === -1 || to < from) return `${document.trimEnd()}\n\n${block}\n`;
  return document.slice(0, from) + block + document.slice(to + end.length);
}

/** Writes `body` into the named section of `path` (creating the file from `heading` if absent). */
export function writeDocSection(path: string, name: string, body: string, heading: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `${heading.trim()}\n`;
  writeFileSync(path, replaceSection(current, name, body));
}

/** A Markdown table cell: one line, pipes escaped. */
export function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}
