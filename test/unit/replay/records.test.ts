import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { describeLineErrors, loadRecordedFile, parseRecordedLines, ReplayFileError } from '../../../src/engine/model/replay';

const sample = (answer: string | null, correct: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  answer,
  correct,
  tokens: 12,
  score: null,
  chars: 40,
  text: `The answer is ${answer ?? '?'}`,
  ...extra,
});
const line = (id: string, samples: unknown[]): string => JSON.stringify({ id, source: 't', problem: `problem ${id}`, gold: '1', samples, meta: { level: 2 } });

describe('recorded files', () => {
  test('reads problems and samples', () => {
    const file = parseRecordedLines(`${line('p1', [sample('1', true), sample('2', false, { score: 0.25 })])}\n`);
    assert.equal(file.errors.length, 0);
    assert.equal(file.problems.length, 1);
    const [p] = file.problems;
    assert.equal(p?.id, 'p1');
    assert.equal(p?.line, 1);
    assert.equal(p?.samples[1]?.score, 0.25);
    assert.equal(p?.samples[0]?.tokens, 12);
    assert.equal(p?.samples[0]?.tokensRecorded, true);
    assert.deepEqual(p?.meta, { level: 2 });
  });
  test('charges characters ÷ 4 where tokens are missing', () => {
    const file = parseRecordedLines(line('p', [sample('1', true, { tokens: null, chars: 401 })]));
    assert.equal(file.problems[0]?.samples[0]?.tokens, 100);
    assert.equal(file.problems[0]?.samples[0]?.tokensRecorded, false);
  });
  test('reports broken lines with their numbers and uses the rest', () => {
    const text = [
      line('good-1', [sample('1', true)]),
      '{"id": "cut-off", "problem": "x", "samp',
      '',
      line('bad-correct', [sample('1', true), { answer: '2', correct: 'yes', tokens: 3, text: '' }]),
      '[1, 2]',
      line('good-2', [sample(null, false)]),
      line('good-1', [sample('1', true)]),
      JSON.stringify({ id: 'no-problem', samples: [] }),
    ].join('\n');
    const file = parseRecordedLines(text);
    assert.deepEqual(
      file.problems.map((p) => [p.id, p.line]),
      [
        ['good-1', 1],
        ['good-2', 6],
      ],
    );
    assert.deepEqual(
      file.errors.map((e) => e.line),
      [2, 4, 5, 7, 8],
    );
    assert.match(file.errors[0]?.message ?? '', /not valid JSON/);
    assert.match(file.errors[1]?.message ?? '', /samples\[1\]: "correct" must be true or false/);
    assert.match(file.errors[2]?.message ?? '', /not a JSON object/);
    assert.match(file.errors[3]?.message ?? '', /duplicate id "good-1"/);
    assert.match(file.errors[4]?.message ?? '', /"problem" must be a non-empty string/);
    assert.deepEqual(describeLineErrors('f.jsonl', file, 2), ['f.jsonl:2: ' + (file.errors[0]?.message ?? ''), 'f.jsonl:4: ' + (file.errors[1]?.message ?? ''), 'f.jsonl: … and 3 more broken lines']);
  });
  test('problem sets without samples load too', () => {
    const file = parseRecordedLines(JSON.stringify({ id: 'q', problem: 'What is 2 + 2?', gold: '4', samples: [] }));
    assert.equal(file.problems[0]?.samples.length, 0);
  });

  const dir = mkdtempSync(join(tmpdir(), 'ponder-replay-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  test('loading a file with no usable line says why', async () => {
    const path = join(dir, 'broken.jsonl');
    writeFileSync(path, 'not json\n');
    await assert.rejects(loadRecordedFile(path), (error: unknown) => error instanceof ReplayFileError && /no usable problems \(line 1: not valid JSON/.test(error.message));
    await assert.rejects(loadRecordedFile(join(dir, 'missing.jsonl')), /cannot read/);
  });
  test('loading a good file returns its problems', async () => {
    const path = join(dir, 'good.jsonl');
    writeFileSync(path, `${line('a', [sample('1', true)])}\nnonsense\n`);
    const file = await loadRecordedFile(path);
    assert.equal(file.problems.length, 1);
    assert.equal(file.errors[0]?.line, 2);
  });
});
