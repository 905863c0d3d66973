// `--dataset`: a shipped set by name (gsm8k, math500, game24: the recorded samples for replay, the
// problems for live backends), a JSONL file, or `sim` (problems generated for the simulated reasoner).
import type { PolicyThink } from '../../engine/stopping/policy';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { LineError, RecordedProblem, RecordedSample } from '../../engine/model/replay';
import { parseRecordedLines } from '../../engine/model/replay';

export type GradeTask = 'math' | 'gsm8k' | 'game24';
export type BackendName = 'replay' | 'sim' | 'ollama' | 'openai';

export interface BenchProblem {
  readonly id: string;
  readonly problem: string;
  readonly gold: string | null;
  /** Difficulty level where the data has one (MATH level 1–5, the simulator's level). */
  readonly level?: number;
  readonly samples: readonly RecordedSample[];
}

export interface BenchDataset {
  /** Short name used in tables and file names, e.g. `game24` or the file's base name. */
  readonly name: string;
  readonly path?: string;
  readonly task: GradeTask | undefined;
  readonly problems: BenchProblem[];
  /** Most recorded samples of any problem (0 for problem sets). */
  readonly maxRecorded: number;
  readonly hasScores: boolean;
  /** Facts about the data the report should state. */
  readonly notes: string[];
  /** Broken lines (skipped). */
  readonly lineErrors: LineError[];
  /** SHA-256 of the file (or of the generator settings), for the checkpoint fingerprint. */
  readonly fingerprint: string;
  /** --think-budgets: this copy of a dataset samples with this thinking budget (0 = no thinking). */
  readonly thinkBudget?: number;
  /** The dataset it is a thinking-budget copy of (or, with `think`, a copy at a policy's think setting). */
  readonly base?: string;
  /** A live backend samples this copy at a policy's think setting (mode and budget), for its thinking bins. */
  readonly think?: PolicyThink;
}

/** The name of a dataset's copy at one thinking budget: `sim.nothink`, `sim.think1024`. */
export function thinkVariantName(base: string, budget: number): string {
  return budget === 0 ? `${base}.nothink` : `${base}.think${budget}`;
}

/** One copy of the dataset per thinking budget: same problems, sampled with that budget. */
export function thinkVariants(dataset: BenchDataset, budgets: readonly number[]): BenchDataset[] {
  return budgets.map((budget) => ({
    ...dataset,
    name: thinkVariantName(dataset.name, budget),
    base: dataset.name,
    thinkBudget: budget,
    notes: [...dataset.notes, budget === 0 ? 'Sampled without thinking.' : `Sampled with thinking, forced closed at ${budget} thinking tokens per sample.`],
    fingerprint: `${dataset.fingerprint}:think${budget}`,
  }));
}

export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

const SHIPPED: Readonly<Record<string, { replay: string; problems: string; task: GradeTask }>> = {
  gsm8k: { replay: 'replay/gsm8k_openai_4systems_n4.jsonl', problems: 'problems/gsm8k_test.jsonl', task: 'gsm8k' },
  math500: { replay: 'replay/math500sub20_qwen25_1p5b_n16_prm.jsonl', problems: 'problems/math500.jsonl', task: 'math' },
  game24: { replay: 'replay/tot_game24_gpt4_cot_n100.jsonl', problems: 'problems/game24.jsonl', task: 'game24' },
};
const ALIASES: Readonly<Record<string, string>> = { math: 'math500', 'math-500': 'math500', 'game-of-24': 'game24' };

export const SHIPPED_DATASETS = Object.keys(SHIPPED);

/** The project's `bench/data` folder: from the working directory or from where this code lives. */
export function findDataDir(cwd: string): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : cwd;
  const candidates = [join(cwd, 'bench', 'data'), resolve(here, '..', 'bench', 'data'), resolve(here, '..', '..', '..', 'bench', 'data')];
  return candidates.find((dir) => existsSync(join(dir, 'problems')));
}

/** The file a dataset argument names, and the grading task when the name tells it. */
export function resolveDataset(arg: string, backend: BackendName, dataDir: string | undefined, cwd: string): { path: string; name: string; task?: GradeTask } {
  const key = ALIASES[arg.toLowerCase()] ?? arg.toLowerCase();
  const shipped = SHIPPED[key];
  if (shipped) {
    if (!dataDir) throw new DatasetError(`cannot find the shipped datasets (bench/data) from ${cwd}: run from the project folder or give a file`);
    const path = join(dataDir, backend === 'replay' ? shipped.replay : shipped.problems);
    return { path, name: key, task: shipped.task };
  }
  const path = resolve(cwd, arg);
  if (!existsSync(path)) {
    throw new DatasetError(`no dataset "${arg}": give ${SHIPPED_DATASETS.join(', ')}${backend === 'sim' ? ', sim' : ''} or a JSONL file`);
  }
  return { path, name: basename(path).replace(/\.jsonl?$/i, '') };
}

export function loadDatasetFile(path: string, name: string, task: GradeTask | undefined, limit: number | undefined): BenchDataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DatasetError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = parseRecordedLines(text);
  if (parsed.problems.length === 0) {
    const first = parsed.errors[0];
    throw new DatasetError(`${path} has no usable problems${first ? ` (line ${first.line}: ${first.message})` : ' (it is empty)'}`);
  }
  const chosen = limit === undefined ? parsed.problems : parsed.problems.slice(0, limit);
  const problems = chosen.map(toBenchProblem);
  return {
    name,
    path,
    task: task ?? guessTask(parsed.problems),
    problems,
    maxRecorded: Math.max(0, ...problems.map((p) => p.samples.length)),
    hasScores: problems.some((p) => p.samples.some((s) => s.score !== null)),
    notes: notesFor(problems),
    lineErrors: parsed.errors,
    fingerprint: createHash('sha256').update(text).digest('hex'),
  };
}

function toBenchProblem(p: RecordedProblem): BenchProblem {
  const level = p.meta.level;
  return {
    id: p.id,
    problem: p.problem,
    gold: p.gold,
    ...(typeof level === 'number' && Number.isFinite(level) ? { level } : {}),
    samples: p.samples,
  };
}

/** Which grader a file's problems need, from their `source` names. */
function guessTask(problems: readonly RecordedProblem[]): GradeTask | undefined {
  const source = `${problems[0]?.source ?? ''} ${problems[0]?.id ?? ''}`.toLowerCase();
  if (source.includes('game24')) return 'game24';
  if (source.includes('gsm8k')) return 'gsm8k';
  if (source.includes('math')) return 'math';
  return undefined;
}

function notesFor(problems: readonly BenchProblem[]): string[] {
  const notes: string[] = [];
  const mixed = problems.filter((p) => new Set(p.samples.map((s) => s.system).filter((s) => s !== undefined)).size > 1);
  if (mixed.length > 0) {
    const systems = [...new Set(mixed.flatMap((p) => p.samples.map((s) => s.system ?? '?')))];
    notes.push(
      `The samples of ${mixed.length === problems.length ? 'every problem' : `${mixed.length} of the problems`} come from ${systems.length} different systems (${systems.join(', ')}), not from repeated sampling of one model. Random orders of them measure voting over an ensemble of systems; early stopping here means asking fewer of the systems.`,
    );
  }
  const total = problems.reduce((n, p) => n + p.samples.length, 0);
  const estimated = problems.reduce((n, p) => n + p.samples.filter((s) => !s.tokensRecorded).length, 0);
  if (estimated > 0) {
    notes.push(`${estimated === total ? 'No sample' : `${estimated} of ${total} samples`} in the file ${estimated === total ? 'has a token count' : 'have no token count'}: ${estimated === total ? 'samples are' : 'those are'} charged characters ÷ 4.`);
  }
  return notes;
}
