// Recorded problems and samples, one JSON object per line:
//   {"id", "source", "problem", "gold", "samples": [{"answer", "correct", "tokens", "score", "confidence", "chars", "text"}], "meta"}
// `answer` is the final answer already normalised for voting (null when none was found), `correct` the
// source's own verdict. Problem sets have the same shape with no samples. A broken line is reported with
// its number and skipped; the rest of the file is still used.

export interface RecordedSample {
  readonly answer: string | null;
  readonly correct: boolean;
  /** Tokens the sample cost: recorded, or its characters ÷ 4 where the file has no token count. */
  readonly tokens: number;
  /** Whether `tokens` was recorded (false: estimated from characters). */
  readonly tokensRecorded: boolean;
  /** The verifier / reward-model score the source recorded, if any. */
  readonly score: number | null;
  /** The model's token confidence in [0, 1] (exp of the mean token log-probability), where recorded. */
  readonly confidence: number | null;
  readonly text: string;
  /** Which system produced the sample, where a file mixes several (then samples are not i.i.d.). */
  readonly system?: string;
}

export interface RecordedProblem {
  readonly id: string;
  readonly source: string;
  readonly problem: string;
  /** The reference answer; null where any valid answer counts (Game of 24). */
  readonly gold: string | null;
  readonly samples: readonly RecordedSample[];
  readonly meta: Readonly<Record<string, unknown>>;
  /** 1-based line in its file. */
  readonly line: number;
}

export interface LineError {
  readonly line: number;
  readonly message: string;
}

export interface RecordedFile {
  readonly problems: RecordedProblem[];
  readonly errors: LineError[];
}

/** Characters per token where a file has no token counts. */
export const CHARS_PER_TOKEN = 4;

export function parseRecordedLines(text: string): RecordedFile {
  const problems: RecordedProblem[] = [];
  const errors: LineError[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed.length === 0) return;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      // The parser quotes the line: its control bytes (terminal escapes in a broken file) must not reach a terminal.
      // eslint-disable-next-line no-control-regex
      const detail = (error as Error).message.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
      errors.push({ line, message: `not valid JSON (${detail})` });
      return;
    }
    const problem = parseProblem(json, line);
    if (typeof problem === 'string') {
      errors.push({ line, message: problem });
      return;
    }
    if (seen.has(problem.id)) {
      errors.push({ line, message: `duplicate id ${JSON.stringify(problem.id)}` });
      return;
    }
    seen.add(problem.id);
    problems.push(problem);
  });
  return { problems, errors };
}

/** The problem on this line, or what is wrong with it. */
function parseProblem(json: unknown, line: number): RecordedProblem | string {
  if (!isObject(json)) return 'not a JSON object';
  if (typeof json.id !== 'string' || json.id.length === 0) return '"id" must be a non-empty string';
  if (typeof json.problem !== 'string' || json.problem.trim().length === 0) return '"problem" must be a non-empty string';
  if (json.gold !== null && json.gold !== undefined && typeof json.gold !== 'string') return '"gold" must be a string or null';
  const rawSamples = json.samples ?? [];
  if (!Array.isArray(rawSamples)) return '"samples" must be a list';
  const samples: RecordedSample[] = [];
  for (let i = 0; i < rawSamples.length; i++) {
    const sample = parseSample(rawSamples[i]);
    if (typeof sample === 'string') return `samples[${i}]: ${sample}`;
    samples.push(sample);
  }
  const meta = isObject(json.meta) ? json.meta : {};
  return {
    id: json.id,
    source: typeof json.source === 'string' ? json.source : '',
    problem: json.problem,
    gold: typeof json.gold === 'string' ? json.gold : null,
    samples,
    meta,
    line,
  };
}

function parseSample(json: unknown): RecordedSample | string {
  if (!isObject(json)) return 'not a JSON object';
  if (json.answer !== null && typeof json.answer !== 'string') return '"answer" must be a string or null';
  if (typeof json.correct !== 'boolean') return '"correct" must be true or false';
  if (json.tokens !== null && json.tokens !== undefined && !isCount(json.tokens)) return '"tokens" must be a whole number or null';
  if (json.score !== null && json.score !== undefined && (typeof json.score !== 'number' || !Number.isFinite(json.score))) {
    return '"score" must be a number or null';
  }
  if (json.confidence !== null && json.confidence !== undefined && (typeof json.confidence !== 'number' || !(json.confidence >= 0 && json.confidence <= 1))) {
    return '"confidence" must be a number in [0, 1] (the geometric mean of the token probabilities) or null';
  }
  if (json.text !== undefined && typeof json.text !== 'string') return '"text" must be a string';
  if (json.chars !== undefined && json.chars !== null && !isCount(json.chars)) return '"chars" must be a whole number';
  const text = typeof json.text === 'string' ? json.text : '';
  const chars = isCount(json.chars) ? json.chars : text.length;
  const recorded = isCount(json.tokens);
  return {
    answer: typeof json.answer === 'string' ? json.answer : null,
    correct: json.correct,
    tokens: recorded ? (json.tokens as number) : Math.max(1, Math.round(chars / CHARS_PER_TOKEN)),
    tokensRecorded: recorded,
    score: typeof json.score === 'number' ? json.score : null,
    confidence: typeof json.confidence === 'number' ? json.confidence : null,
    text,
    ...(typeof json.system === 'string' ? { system: json.system } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Whether any sample in the file carries a verifier score. */
export function hasScores(problems: readonly RecordedProblem[]): boolean {
  return problems.some((p) => p.samples.some((s) => s.score !== null));
}
