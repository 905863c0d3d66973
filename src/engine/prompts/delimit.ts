// Problem and chain text go into prompts between tags. Any tag-like text inside them that could close or
// open one of our sections is neutralised, so text inside a problem can never step outside its section
// and address the model (or the verifier) directly.

/** The section tags Ponder's prompts use. */
export const SECTION_TAGS = ['problem', 'solution', 'step', 'attempt'] as const;
export type SectionTag = (typeof SECTION_TAGS)[number];

const TAG_LIKE = new RegExp(`<(\\s*/?\\s*)(${SECTION_TAGS.join('|')})\\b`, 'gi');

/**
 * Chat-template control tokens (`<|im_start|>`, `<｜User｜>`, `<start_of_turn>`, `[INST]`, …). Ollama's
 * runner parses special tokens in the rendered prompt, so such text inside a problem would otherwise
 * open a new turn with a role of its own choosing.
 */
const CONTROL_TOKEN_LIKE = /<(?=[|｜][^|｜<>\n]{1,40}[|｜]>)|<(?=\s*\/?\s*(?:start_of_turn|end_of_turn|s)\s*>)|\[(?=\s*\/?\s*INST\s*\])/gi;

/**
 * Replaces `<` in anything that looks like one of our section tags or a chat-template control token by `‹`
 * (and `[` before INST by `⟦`), which no parser or tokenizer reads as a tag.
 */
export function neutraliseTags(text: string): string {
  return text.replace(TAG_LIKE, '‹$1$2').replace(CONTROL_TOKEN_LIKE, (ch) => (ch === '[' ? '⟦' : '‹'));
}

/** `text` inside `<tag>` … `</tag>`, neutralised. `label` is appended to the tag name, e.g. `step 2`. */
export function section(tag: SectionTag, text: string, label?: string): string {
  const name = label === undefined ? tag : `${tag} ${label}`;
  return `<${name}>\n${neutraliseTags(text.trim())}\n</${name}>`;
}

/** The text of the first `<tag …>` … `</tag …>` section in `prompt`, or undefined. */
export function readSection(prompt: string, tag: SectionTag, label?: string): string | undefined {
  const name = label === undefined ? tag : `${tag} ${label}`;
  const open = `<${name}>\n`;
  const start = prompt.indexOf(open);
  if (start < 0) return undefined;
  const end = prompt.indexOf(`\n</${name}>`, start + open.length);
  if (end < 0) return undefined;
  return prompt.slice(start + open.length, end);
}
