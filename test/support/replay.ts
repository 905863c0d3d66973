// The recorded replay files (bench/data/replay, provenance in bench/data/README.md) and the agreement of our
// answer checker with the correctness each source recorded. Used by the agreement test and benchmark.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GradeOptions, GradeResult, GradeTask } from '../../src/engine/answers/grade';
import { gradeSample } from '../../src/engine/answers/grade';

export interface ReplaySample {
  readonly answer: string | null;
  readonly correct: boolean;
  readonly text: string;
}

export interface ReplayProblem {
  readonly id: string;
  readonly problem: string;
  readonly gold: string | null;
  readonly samples: readonly ReplaySample[];
}

export const REPLAY_DIR = join(__dirname, '..', '..', 'bench', 'data', 'replay');

/** Each replay file and the task its samples are graded as. */
export const REPLAY_FILES: readonly { readonly file: string; readonly task: GradeTask }[] = [
  { file: 'tot_game24_gpt4_cot_n100.jsonl', task: 'game24' },
  { file: 'tot_game24_gpt4_standard_n100.jsonl', task: 'game24' },
  { file: 'math500sub20_qwen25_1p5b_n16_prm.jsonl', task: 'math' },
  { file: 'gsm8k_openai_4systems_n4.jsonl', task: 'gsm8k' },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toSample(value: unknown): ReplaySample {
  if (!isRecord(value) || typeof value.text !== 'string' || typeof value.correct !== 'boolean') {
    throw new TypeError('malformed replay sample');
  }
  const answer = typeof value.answer === 'string' ? value.answer : null;
  return { answer, correct: value.correct, text: value.text };
}

function toProblem(value: unknown): ReplayProblem {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.problem !== 'string' || !Array.isArray(value.samples)) {
    throw new TypeError('malformed replay problem');
  }
  const gold = typeof value.gold === 'string' ? value.gold : null;
  return { id: value.id, problem: value.problem, gold, samples: value.samples.map(toSample) };
}

/** Reads one replay file (asynchronously, so that a test's event loop keeps turning). */
export async function readReplay(file: string): Promise<ReplayProblem[]> {
  const text = await readFile(join(REPLAY_DIR, file), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => toProblem(JSON.parse(line)));
}

export interface Disagreement {
  readonly id: string;
  readonly index: number;
  readonly gold: string | null;
  readonly recorded: boolean;
  readonly graded: GradeResult;
  readonly text: string;
}

export interface Agreement {
  readonly file: string;
  readonly task: GradeTask;
  readonly samples: number;
  readonly agreements: number;
  readonly disagreements: readonly Disagreement[];
}

/** Grades every sample's full text and compares the verdict with the recorded flag. */
export function replayAgreement(
  file: string,
  task: GradeTask,
  problems: readonly ReplayProblem[],
  options: GradeOptions = {},
): Agreement {
  let samples = 0;
  let agreements = 0;
  const disagreements: Disagreement[] = [];
  for (const problem of problems) {
    problem.samples.forEach((sample, index) => {
      samples++;
      const graded = gradeSample(task, problem.problem, problem.gold, sample.text, options);
      if (graded.correct === sample.correct) agreements++;
      else disagreements.push({ id: problem.id, index, gold: problem.gold, recorded: sample.correct, graded, text: sample.text });
    });
  }
  return { file, task, samples, agreements, disagreements };
}
