// Finding the final answer in a model's text. Rules in order of strength: the last \boxed{…} (or \fbox),
// GSM8K's "#### 18", a last line "Answer: …" / "A: …", "The answer is …", and as a fallback the last
// number. The result names its rule so that callers can weigh the fallback less.

export type ExtractionMethod = 'boxed' | 'hashes' | 'answer-label' | 'answer-is' | 'last-number';

export interface ExtractedAnswer {
  /** The answer as written (trimmed, outer `$…$` removed); normalise it before comparing. */
  readonly answer: string;
  readonly method: ExtractionMethod;
}

export interface ExtractOptions {
  /** The rules to try (default: all). Their order of strength is fixed, whatever the order given here. */
  readonly methods?: readonly ExtractionMethod[];
}

/** Every rule, strongest first. */
export const EXTRACTION_METHODS: readonly ExtractionMethod[] = ['boxed', 'hashes', 'answer-label', 'answer-is', 'last-number'];

/**
 * GSM8K calculator annotations `<<16-3=13>>`: their numbers are working, not answers. A cut-off one at the end
 * counts too, but only while it holds nothing but arithmetic, so a stray `<<` cannot swallow a final answer.
 */
const CALCULATOR_ANNOTATION = /<<[^<>\n]*>>|<<[\d\s+\-*/=.,()%]*$/g;
/** "Answer: …", "Final answer: …", "**Answer:** …", "A: …" (capital A only: "a: 3" is a variable). */
const LABEL_LINE = /^[\s*_#>]*(?:[Ff]inal\s+[Aa]nswer|FINAL\s+ANSWER|[Aa]nswer|ANSWER|A)\s*(?:\*\*|__)?\s*[:：]\s*(.*)$/;
const ANSWER_IS = /\banswer\s+(?:is|would\s+be|will\s+be)\b\s*[:：]?[ \t]*(.*)$/gim;
/** How far after "the answer is" an answer may run. */
const MAX_ANSWER_IS_LENGTH = 1000;
const NUMBER = /(?:(?<![\w).])-)?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?/g;

/** The final answer in `text`, or undefined when no allowed rule finds one. */
export function extractAnswer(text: string, options: ExtractOptions = {}): ExtractedAnswer | undefined {
  const allowed = new Set(options.methods ?? EXTRACTION_METHODS);
  const clean = text.replace(CALCULATOR_ANNOTATION, '');
  for (const method of EXTRACTION_METHODS) {
    if (!allowed.has(method)) continue;
    const answer = RULES[method](clean);
    if (answer !== undefined) return { answer, method };
  }
  return undefined;
}

const RULES: Readonly<Record<ExtractionMethod, (text: string) => string | undefined>> = {
  boxed: extractBoxed,
  hashes: extractAfterHashes,
  'answer-label': extractLabelLine,
  'answer-is': extractAnswerIs,
  'last-number': extractLastNumber,
};

/**
 * The content of the last complete `\boxed{…}` or `\fbox{…}` (nested braces allowed). "Last" is by
 * opening position, so a box inside a box yields the inner one. `\boxed 5` (no braces) is read too.
 */
export function extractBoxed(text: string): string | undefined {
  const closing = matchingBraces(text);
  const pattern = /\\(?:boxed|fbox)(?![A-Za-z])/g;
  let found: string | undefined;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    let i = match.index + match[0].length;
    while (text[i] === ' ') i++;
    let content: string | undefined;
    if (text[i] === '{') {
      const close = closing.get(i);
      if (close !== undefined) content = text.slice(i + 1, close);
    } else if (i > match.index + match[0].length) content = /^[^\s$]+/.exec(text.slice(i, i + 200))?.[0];
    if (content !== undefined && content.trim() !== '') found = content.trim();
  }
  return found;
}

/** Index of the matching `}` for every `{` that closes (one pass, so many boxes cost no more than one). */
function matchingBraces(text: string): Map<number, number> {
  const closing = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '{') open.push(i);
    else if (ch === '}') {
      const start = open.pop();
      if (start !== undefined) closing.set(start, i);
    }
  }
  return closing;
}

function extractAfterHashes(text: string): string | undefined {
  const matches = [...text.matchAll(/^[ \t]*####(?!#)[ \t]*(.*)$/gm)];
  for (const match of matches.reverse()) {
    const answer = cleanInline(match[1] ?? '');
    // "#### Step 3: …" is a Markdown heading, not GSM8K's "#### 18".
    if (answer !== '' && !/^[A-Za-z]{2,}/.test(answer)) return answer;
  }
  return undefined;
}

function extractLabelLine(text: string): string | undefined {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = LABEL_LINE.exec(lines[i] ?? '');
    if (!match) continue;
    const answer = cleanInline(lastClause(match[1] ?? ''));
    if (answer !== '') return answer;
  }
  return undefined;
}

/** "The least such multiple is 20" → "20": a labelled sentence gives its answer after its last "is". */
function lastClause(text: string): string {
  if (!/^[A-Za-z]{2,}\s/.test(text.trim())) return text;
  const parts = text.split(/\s(?:is|are|equals)\s/);
  return parts.length > 1 ? (parts.at(-1) ?? text) : text;
}

function extractAnswerIs(text: string): string | undefined {
  const matches = [...text.matchAll(ANSWER_IS)];
  for (const match of matches.reverse()) {
    // The answer may follow on the next lines ("The final answer is:\n\\[ 5 \\]"), up to a blank line;
    // on its own line it ends with its sentence: a full stop and a space (not a decimal point).
    const start = (match.index ?? 0) + match[0].length - (match[1] ?? '').length;
    const rest = text.slice(start, start + MAX_ANSWER_IS_LENGTH);
    const paragraph = rest.split(/\n[ \t]*\n/)[0] ?? '';
    const sentence = paragraph.split(/\.\s/)[0] ?? '';
    const answer = cleanInline(sentence);
    if (answer !== '' && !isCutOffDisplay(answer)) return answer;
  }
  return undefined;
}

/** A display that opens and never closes ("\\[" at the end of a cut-off text) is not an answer. */
function isCutOffDisplay(answer: string): boolean {
  if (answer === '\\') return true;
  if (answer.startsWith('\\[')) return !answer.includes('\\]');
  if (answer.startsWith('\\(')) return !answer.includes('\\)');
  if (answer.startsWith('$$')) return !answer.includes('$$', 2);
  return false;
}

function extractLastNumber(text: string): string | undefined {
  // List markers ("11. Find …") and step labels ("Step 6") are numbering, not results.
  const prose = text.replace(/^[ \t]*\d+[.)][ \t]/gm, '').replace(/\b(?:step|case|part)\s+\d+/gi, '');
  return prose.match(NUMBER)?.at(-1);
}

/** Trims an inline answer: markdown bold, math delimiters `$…$`, `\(…\)`, `\[…\]`, a final full stop. */
function cleanInline(raw: string): string {
  let answer = raw.trim();
  for (let previous = ''; previous !== answer; ) {
    previous = answer;
    answer = answer
      .replace(/^\*\*(.*)\*\*$/s, '$1')
      .replace(/^\*\*|\*\*$/g, '')
      .replace(/^\$+(.*?)\$+$/s, '$1')
      .replace(/^\\\((.*)\\\)$/s, '$1')
      .replace(/^\\\[(.*)\\\]$/s, '$1')
      .replace(/[.。]$/, '')
      .trim();
  }
  return answer;
}
