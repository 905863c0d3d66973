// LaTeX as readable plain text, for the places that show text only: node labels, the outline, hovers, the
// status bar, notifications and the Markdown report. Small models write math with and without `$…$`, so both
// are read: `\boxed{\frac{38}{7}}` becomes `38/7`, `\sqrt{2} \leq x^2` becomes `√2 ≤ x²`.
//
// The structure (fractions, roots, boxes, text, sub- and superscripts, sizing commands) is read here by a small
// parser; single symbols come from unicodeit's table (the Unicode math names, as in the Python `unicodeit`),
// looked up by the whole command name: its own `replace()` substitutes prefixes (`\left` becomes `≤ft`).
// The result is text, never markup: every caller still escapes it for where it goes. Unknown commands stay
// as written; nesting deeper than MAX_DEPTH is left as written; the work is linear in the input.
import { replacements, subsuperscripts } from 'unicodeit/ts_dist/js/data';
import { withoutBidiControls } from '../protocol/text';

const MAX_DEPTH = 20;

/** `\name` → symbol, for plain command names (the table also holds composed keys such as `\mathbf{A}`). */
const SYMBOLS: ReadonlyMap<string, string> = new Map(
  replacements.filter((entry): entry is [string, string] => entry.length === 2 && /^\\[A-Za-z]+$/.test(entry[0] ?? '')).map(([name, symbol]) => [name.slice(1), symbol]),
);

/** Characters with a readable super- or subscript form. Some of the table's entries are not (`V` → a Hangul letter). */
const SCRIPT_SAFE = /^[0-9+\-−=()a-zA-Z]$/;
const SUPERSCRIPTS = scriptTable('^');
const SUBSCRIPTS = scriptTable('_');

function scriptTable(mark: '^' | '_'): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  for (const [key, value] of subsuperscripts) {
    if (key?.length === 2 && key[0] === mark && value && SCRIPT_SAFE.test(key[1] ?? '') && key[1] !== 'V') table.set(key[1] ?? '', value);
  }
  return table;
}

/** Commands whose argument is shown as it is (boxes, text, fonts). */
const PASS_THROUGH = new Set([
  'boxed', 'text', 'textrm', 'textbf', 'textit', 'textsf', 'texttt', 'textnormal', 'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathtt',
  'mathnormal', 'mathbb', 'mathcal', 'mathfrak', 'mathscr', 'operatorname', 'mbox', 'hbox', 'emph', 'fbox', 'bm', 'boldsymbol', 'displaystyle', 'textstyle', 'underline', 'overline',
]);
const FRACTIONS = new Set(['frac', 'dfrac', 'tfrac', 'cfrac']);
/** Sizing and spacing commands that only change looks. */
const DROPPED = new Set(['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'Biggl', 'Biggr', 'middle', 'limits', 'nolimits', 'displaystyle', 'textstyle', 'scriptstyle', '!']);
const SPACES: Record<string, string> = { ',': ' ', ':': ' ', ';': ' ', ' ': ' ', quad: ' ', qquad: ' ', enspace: ' ', thinspace: ' ' };
const ESCAPED = new Set(['{', '}', '%', '$', '&', '#', '_', '|']);
/** Names unicodeit lacks or spells differently from what models write. */
const EXTRA: Record<string, string> = { dots: '…', cdot: '·', neq: '≠', le: '≤', ge: '≥', degree: '°', implies: '⇒', iff: '⇔', land: '∧', lor: '∨' };

/** True when `\name` is a command this module (and so KaTeX) reads as math. */
export function isMathCommand(name: string): boolean {
  return FRACTIONS.has(name) || PASS_THROUGH.has(name) || name === 'sqrt' || SYMBOLS.has(name) || name in EXTRA || DROPPED.has(name);
}

/** `text` with its LaTeX (delimited or not) turned into readable Unicode text. */
export function latexToText(text: string): string {
  if (!text.includes('\\') && !text.includes('$') && !text.includes('^') && !text.includes('_')) return text;
  // Bidi controls go first (they would make operands look compound) and last (no table entry adds one).
  return withoutBidiControls(new Reader(stripDelimiters(withoutBidiControls(text))).read(0, '').replace(/[ \t]{2,}/g, ' '));
}

/** Drops math delimiters: `\( \) \[ \]`, `$$`, and `$…$` pairs that hug their content (not `$5 and $6`). */
function stripDelimiters(text: string): string {
  return text
    .replace(/\\[()[\]]/g, '')
    .replace(/(?<!\\)\$\$/g, '')
    .replace(/(?<!\\)\$(?=[^\s$])([^$\n]*?[^\s\\])\$/g, '$1');
}

class Reader {
  private pos = 0;
  constructor(private readonly src: string) {}

  /** Reads until `stop` (a closing brace or bracket, or the end), at nesting `depth`. */
  read(depth: number, stop: '' | '}' | ']'): string {
    let out = '';
    const src = this.src;
    while (this.pos < src.length) {
      const ch = src[this.pos] ?? '';
      if (stop !== '' && ch === stop) return out;
      if (ch === '\\') out += this.command(depth);
      else if (ch === '{') out += this.group(depth);
      else if (ch === '^' || ch === '_') out += this.script(ch, depth);
      else if (ch === '~') {
        out += ' ';
        this.pos += 1;
      } else {
        out += ch;
        this.pos += 1;
      }
    }
    return out;
  }

  /** `{…}` read as its content; past MAX_DEPTH (or unclosed) it stays as written. */
  private group(depth: number): string {
    const start = this.pos;
    if (depth >= MAX_DEPTH) return this.skipGroup(start);
    this.pos += 1;
    const inner = this.read(depth + 1, '}');
    if (this.src[this.pos] !== '}') return this.src.slice(start, this.pos);
    this.pos += 1;
    return inner;
  }

  private skipGroup(start: number): string {
    let level = 0;
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      this.pos += 1;
      if (ch === '{') level += 1;
      else if (ch === '}' && --level === 0) break;
    }
    return this.src.slice(start, this.pos);
  }

  /** The next argument: a group, a command, or one character (after spaces). */
  private argument(depth: number): string {
    while (this.src[this.pos] === ' ') this.pos += 1;
    const ch = this.src[this.pos];
    if (ch === undefined) return '';
    if (ch === '{') return this.group(depth);
    if (ch === '\\') return this.command(depth);
    this.pos += 1;
    return ch;
  }

  private command(depth: number): string {
    const src = this.src;
    const start = this.pos;
    this.pos += 1;
    const match = /^[A-Za-z]+/.exec(src.slice(this.pos, this.pos + 40));
    if (!match) {
      const ch = src[this.pos] ?? '';
      this.pos += 1;
      if (ESCAPED.has(ch)) return ch;
      if (ch in SPACES) return SPACES[ch] ?? ' ';
      if (ch === '!') return '';
      if (ch === '\\') return ' '; // a line break in an array
      return `\\${ch}`;
    }
    const name = match[0];
    this.pos += name.length;
    if (depth >= MAX_DEPTH) return src.slice(start, this.pos);
    if (FRACTIONS.has(name)) {
      const numerator = this.argument(depth + 1);
      const denominator = this.argument(depth + 1);
      return `${wrap(numerator)}/${wrap(denominator)}`;
    }
    if (name === 'sqrt') {
      let index = '';
      if (src[this.pos] === '[') {
        this.pos += 1;
        index = this.read(depth + 1, ']');
        if (src[this.pos] === ']') this.pos += 1;
      }
      const radicand = this.argument(depth + 1);
      const root = index === '' ? '√' : index === '3' ? '∛' : index === '4' ? '∜' : `${scripted(index, SUPERSCRIPTS) ?? `${index}`}√`;
      return `${root}${wrap(radicand)}`;
    }
    if (PASS_THROUGH.has(name)) return name === 'displaystyle' || name === 'textstyle' ? '' : this.argument(depth + 1);
    if (DROPPED.has(name)) {
      // `\left.` is an invisible delimiter.
      if ((name === 'left' || name === 'right') && src[this.pos] === '.') this.pos += 1;
      return '';
    }
    if (name in SPACES) return SPACES[name] ?? ' ';
    const symbol = EXTRA[name] ?? SYMBOLS.get(name);
    if (symbol !== undefined) {
      // `\times 4`: the space after a command name only ends it.
      return symbol;
    }
    return src.slice(start, this.pos);
  }

  /** `^x`, `^{…}`, `_x`, `_{…}`: Unicode scripts when every character has one, else `^(…)`. */
  private script(mark: '^' | '_', depth: number): string {
    this.pos += 1;
    const body = this.argument(depth + 1);
    if (body === '') return mark;
    if (mark === '^' && body === '∘') return '°'; // 90^\circ
    const table = mark === '^' ? SUPERSCRIPTS : SUBSCRIPTS;
    return scripted(body, table) ?? ([...body.trim()].length > 1 ? `${mark}(${body.trim()})` : `${mark}${body}`);
  }
}

function scripted(body: string, table: ReadonlyMap<string, string>): string | undefined {
  let out = '';
  for (const ch of body) {
    const mapped = table.get(ch);
    if (mapped === undefined) return undefined;
    out += mapped;
  }
  return out;
}

/** Parentheses around a compound operand, so `\frac{a+b}{c}` reads `(a+b)/c`. */
function wrap(operand: string): string {
  const trimmed = operand.trim();
  return /^[\p{L}\p{N}.,√∛∜·]*$/u.test(trimmed) || /^\(.*\)$/.test(trimmed) ? trimmed : `(${trimmed})`;
}

/** The longest undelimited math span looked at, so scanning stays linear in the text. */
const MAX_SPAN = 2000;

/**
 * Where undelimited LaTeX that starts with a math command at `start` ends (exclusive), or -1 when no math
 * command starts there. The span takes the command's arguments and what follows it as long as it reads as a
 * formula (commands, groups, scripts, digits, operators, one-letter variables), without trailing punctuation:
 * in `so x = \boxed{\frac{38}{7}}.` it is `\boxed{\frac{38}{7}}`.
 */
export function undelimitedMathEnd(src: string, start: number): number {
  const first = /^\\([A-Za-z]+)/.exec(src.slice(start, start + 40));
  if (!first?.[1] || !isMathCommand(first[1])) return -1;
  const limit = Math.min(src.length, start + MAX_SPAN);
  let pos = start;
  let end = start;
  while (pos < limit) {
    let at = pos;
    while (src[at] === ' ') at += 1;
    const ch = src[at] ?? '';
    const command = ch === '\\' ? /^\\([A-Za-z]+)/.exec(src.slice(at, at + 40)) : null;
    if (command?.[1] && isMathCommand(command[1])) {
      at += command[0].length;
      if (command[1] === 'sqrt' && src[at] === '[') at = closing(src, at, '[', ']', limit);
    } else if (ch === '\\' && /[{}%$&#_|,;:!\\]/.test(src[at + 1] ?? '')) at += 2;
    else if (ch === '{') at = closing(src, at, '{', '}', limit);
    else if (ch === '^' || ch === '_') at = src[at + 1] === '{' ? closing(src, at + 1, '{', '}', limit) : at + 2;
    else if (/[0-9+\-*/=<>()|.,!'−×÷]/.test(ch)) at += 1;
    else if (/[A-Za-z]/.test(ch) && !/[A-Za-z]/.test(src[at + 1] ?? '')) at += 1;
    else break;
    if (at < 0 || at > limit) break;
    pos = at;
    end = at;
  }
  while (end > start && /[\s.,;:!]/.test(src[end - 1] ?? '')) end -= 1;
  return end;
}

/** The index after the bracket that closes the one at `at`, or -1 when it is not closed before `limit`. */
function closing(src: string, at: number, open: string, close: string, limit: number): number {
  let level = 0;
  for (let i = at; i < limit; i += 1) {
    const ch = src[i];
    if (ch === '\\') i += 1;
    else if (ch === open) level += 1;
    else if (ch === close && --level === 0) return i + 1;
  }
  return -1;
}
