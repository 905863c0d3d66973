// Reading LaTeX the way final answers use it: balanced groups, and a conversion of the common math-mode
// commands (\frac, \sqrt, \text, \left…\right, matrices, degrees) into plain arithmetic text that the
// expression parser understands. Anything unknown stays as text, so it can still be compared as a string.

/** The content of the brace group opening at `open` and the index just past its closing brace. */
export interface Group {
  readonly content: string;
  readonly end: number;
}

/** Reads `{…}` starting at `open` (which must be `{`); undefined if it never closes. `\{` and `\}` do not count. */
export function readGroup(text: string, open: number): Group | undefined {
  if (text[open] !== '{') return undefined;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return { content: text.slice(open + 1, i), end: i + 1 };
  }
  return undefined;
}

/** One macro argument at `index`: a brace group, a `\command`, or a single character (as in `\frac12`). */
export function readArgument(text: string, index: number): Group | undefined {
  let i = index;
  while (text[i] === ' ') i++;
  const ch = text[i];
  if (ch === undefined || ch === '}') return undefined;
  if (ch === '{') return readGroup(text, i);
  if (ch === '\\') {
    const command = /^\\(?:[A-Za-z]+|.)/.exec(text.slice(i));
    return command ? { content: command[0], end: i + command[0].length } : undefined;
  }
  return { content: ch, end: i + 1 };
}

/** Commands whose argument is shown as is: text wrappers and boxes. */
const WRAPPERS = new Set([
  'text', 'textbf', 'textit', 'textrm', 'textsf', 'texttt', 'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathtt',
  'mbox', 'hbox', 'operatorname', 'boxed', 'fbox', 'displaystyle', 'emph',
]);
/** Sizing commands around delimiters, dropped (`\left(` is just `(`). */
const SIZING = new Set(['left', 'right', 'bigl', 'bigr', 'Bigl', 'Bigr', 'big', 'Big', 'bigg', 'Bigg', 'biggl', 'biggr']);
/** Spacing commands. */
const SPACES = new Set([',', ';', ':', '>', ' ', 'quad', 'qquad', 'enspace', 'thinspace']);
const SYMBOLS: Readonly<Record<string, string>> = {
  cdot: '*', times: '*', ast: '*', div: '/', pi: 'π', infty: '∞', infinity: '∞', circ: '', degree: '',
  '%': '%', $: '$', '!': '', '{': '{', '}': '}', '#': '#', '&': '&', _: '_', '-': '',
  le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', lt: '<', gt: '>', approx: '≈', in: '∈',
  cup: '∪', cap: '∩', emptyset: '∅', varnothing: '∅', pm: '±', mp: '∓', dots: '...', ldots: '...', cdots: '...',
  colon: ':', prime: "'", dagger: '†', neg: '¬', to: '→', rightarrow: '→',
};
const FUNCTION_COMMANDS = new Set([
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'arcsin', 'arccos', 'arctan', 'ln', 'log', 'exp',
]);
const MATRICES = new Set(['pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'matrix', 'smallmatrix', 'array']);
const MAX_DEPTH = 50;

/**
 * Converts a LaTeX answer into plain text: `\frac{a}{b}` → `(a)/(b)`, `\sqrt{x}` → `sqrt(x)`, `x^{10}` → `x^(10)`,
 * `\pi` → `π`, `^\circ` and `$` dropped, `\text{…}` unwrapped, matrices → `matrix(a,b;c,d)`, set braces `\{…\}` → `{…}`.
 */
export function latexToPlain(latex: string): string {
  return convert(latex, 0);
}

function convert(text: string, depth: number): string {
  if (depth > MAX_DEPTH) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '\\') {
      const [piece, next] = command(text, i, depth);
      out += piece;
      i = next;
    } else if (ch === '{') {
      const group = readGroup(text, i);
      if (group === undefined) {
        i++;
        continue;
      }
      const inner = convert(group.content, depth + 1);
      // `{,}` is how LaTeX writes a comma inside a number; other groups are grouping only.
      out += inner === ',' || inner === '.' || inner.trim() === '' ? inner : `(${inner})`;
      i = group.end;
    } else if (ch === '^' || ch === '_') {
      const arg = readArgument(text, i + 1);
      if (arg === undefined) {
        i++;
        continue;
      }
      const inner = convert(arg.content, depth + 1).trim();
      // ^\circ and ^{\circ} (degrees, which an answer may or may not write) leave nothing behind.
      if (inner !== '') out += `${ch}${/^[\w.]$|^\d+$/.test(inner) ? inner : `(${inner})`}`;
      i = arg.end;
    } else if (ch === '$' || ch === '}' || ch === '°') {
      i++;
    } else if (ch === '~') {
      out += ' ';
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Converts the command at `start` (a backslash); returns its plain text and the index after it. */
function command(text: string, start: number, depth: number): [string, number] {
  const match = /^\\([A-Za-z]+|.?)/s.exec(text.slice(start));
  const name = match?.[1] ?? '';
  let end = start + 1 + name.length;
  if (name === '' || name === '\\' || name === '\n') return [' ', end];
  // Math delimiters \( \) \[ \] carry no meaning in an answer.
  if (name === '(' || name === ')' || name === '[' || name === ']') return ['', end];
  if (SPACES.has(name)) return [' ', end];
  if (SIZING.has(name)) {
    // `\left.` is an invisible delimiter.
    if (text[end] === '.') end++;
    return ['', end];
  }
  if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
    const numerator = readArgument(text, end);
    const denominator = numerator && readArgument(text, numerator.end);
    if (!numerator || !denominator) return ['', end];
    const a = convert(numerator.content, depth + 1);
    const b = convert(denominator.content, depth + 1);
    return [`(${a})/(${b})`, denominator.end];
  }
  if (name === 'sqrt') {
    let index = end;
    let root: string | undefined;
    const optional = /^\s*\[([^\]]*)\]/.exec(text.slice(index));
    if (optional) {
      root = convert(optional[1] ?? '', depth + 1);
      index += optional[0].length;
    }
    const arg = readArgument(text, index);
    if (!arg) return ['sqrt', index];
    const inner = convert(arg.content, depth + 1);
    return [root === undefined ? `sqrt(${inner})` : `((${inner})^(1/(${root})))`, arg.end];
  }
  if (WRAPPERS.has(name)) {
    const arg = readArgument(text, end);
    if (!arg) return ['', end];
    return [convert(arg.content, depth + 1), arg.end];
  }
  if (name === 'begin') return environment(text, end, depth);
  if (name === 'end') {
    const arg = readArgument(text, end);
    return ['', arg ? arg.end : end];
  }
  if (FUNCTION_COMMANDS.has(name)) return [` ${name} `, end];
  const symbol = SYMBOLS[name];
  if (symbol !== undefined) return [symbol, end];
  // Unknown commands (Greek letters, \mathbb…) keep their name as text.
  return [` ${name} `, end];
}

/** `\begin{pmatrix} a & b \\ c & d \end{pmatrix}` → `matrix(a,b;c,d)`; other environments are unwrapped. */
function environment(text: string, afterBegin: number, depth: number): [string, number] {
  const nameArg = readArgument(text, afterBegin);
  if (!nameArg) return ['', afterBegin];
  const name = nameArg.content;
  let bodyStart = nameArg.end;
  // `array` has a column specification: \begin{array}{cc}.
  if (name === 'array') {
    const spec = readArgument(text, bodyStart);
    if (spec) bodyStart = spec.end;
  }
  const close = text.indexOf(`\\end{${name}}`, bodyStart);
  const bodyEnd = close < 0 ? text.length : close;
  const end = close < 0 ? text.length : close + `\\end{${name}}`.length;
  const body = text.slice(bodyStart, bodyEnd);
  if (!MATRICES.has(name)) return [convert(body, depth + 1), end];
  const rows = body
    .split(/\\\\/)
    .map((row) => row.trim())
    .filter((row) => row.length > 0)
    .map((row) => row.split('&').map((cell) => convert(cell, depth + 1).trim()).join(','));
  return [`matrix(${rows.join(';')})`, end];
}
