// Untrusted text (model output, problem text) made inert in a Markdown *document* — one people read as
// source in the editor as often as rendered, such as the exported run. Hovers escape every ASCII punctuation
// character (`inert-markdown.ts`), which is invisible once rendered but turns "What is 38 / 7?" into
// "What is 38 \/ 7\?" in the source. Here only what could start markup is escaped, so the source reads as
// the model wrote it and any renderer (CommonMark, GFM, markdown-it with raw HTML and linkify, VS Code's
// math) still shows nothing but that text:
// - always: `\` (escapes), `` ` `` (code), `*` `_` (emphasis), `~` (strikethrough), `[` (links, images,
//   footnotes), `<` (HTML, autolinks), `|` (tables), `$` (math), `@` (e-mail autolinks and mentions);
// - `&` where it would spell an entity (`&amp;`, `&#60;`);
// - `//` (the scheme of a bare URL, and protocol-relative links) and a `.` between a letter or digit and a
//   top-level domain's two letters or more (`example.com`, `www.x.io`: linkify's fuzzy links; `i.e.` stays);
// - at the start of a line, what would open a block there: `#` `>` `-` `+` `=` and a number followed by
//   `.` or `)`.
// Bidirectional controls are dropped, as in hovers: they could make the text read differently from what it is.
import { untrustedLine, untrustedLines } from './inert-markdown';

/** `text` as readable inert Markdown on one line (runs of whitespace, line breaks included, become one space). */
export function readableInertMarkdown(text: string): string {
  return escapeLine(untrustedLine(text));
}

/** `text` as readable inert Markdown lines, whole: each line escaped as above (see untrustedLines). */
export function readableInertMarkdownLines(text: string): string[] {
  return untrustedLines(text).map(escapeLine);
}

function escapeLine(line: string): string {
  const inline = line
    .replace(/[\\`*_~[<|$@]/g, (ch) => `\\${ch}`)
    .replace(/&(?=#?[0-9A-Za-z]+;)/g, '\\&')
    .replace(/\/\//g, '/\\/')
    .replace(/(?<=[\p{L}\p{N}])\.(?=\p{L}{2})/gu, '\\.');
  return inline.replace(/^(?:[#>+=-]|\d+(?=[.)]))/, (start) => (/^\d/.test(start) ? `${start}\\` : `\\${start}`));
}
