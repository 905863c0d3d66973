// Every recorded file shipped in bench/data/replay loads without a broken line, and the files whose samples
// carry no text (their answers are compared with the gold directly) agree with their own correctness flags.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadDatasetFile } from '../../../src/cli/bench/datasets';

const dir = join(__dirname, '..', '..', '..', 'bench', 'data', 'replay');

describe('the shipped recorded sets', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  test('there are seven, from different models and tasks', () => {
    assert.deepEqual(files, [
      'faithfulcot_date_code002_ltm_n40.jsonl',
      'gsm8k_openai_4systems_n4.jsonl',
      'math500sub20_qwen25_1p5b_n16_prm.jsonl',
      'pot_aqua_code002_n30.jsonl',
      'tot_game24_gpt4_cot_n100.jsonl',
      'tot_game24_gpt4_standard_n100.jsonl',
      'verifycot_date_gpt35turbo_np_n10.jsonl',
    ]);
  });
  for (const file of files) {
    test(`${file} loads whole`, () => {
      const set = loadDatasetFile(join(dir, file), file, undefined, undefined);
      assert.deepEqual(set.lineErrors, []);
      assert.ok(set.problems.length >= 20 && set.maxRecorded >= 4, `${set.problems.length} × ${set.maxRecorded}`);
    });
  }
  for (const [file, problems, samples] of [
    ['faithfulcot_date_code002_ltm_n40.jsonl', 359, 40],
    ['verifycot_date_gpt35turbo_np_n10.jsonl', 369, 10],
  ] as const) {
    test(`date understanding (${file}): a sample is correct exactly when its date is the gold date`, () => {
      const set = loadDatasetFile(join(dir, file), 'date', undefined, undefined);
      assert.equal(set.problems.length, problems);
      for (const p of set.problems) {
        assert.equal(p.samples.length, samples);
        for (const s of p.samples) assert.equal(s.correct, s.answer === p.gold, `${p.id}: ${s.answer} vs ${p.gold}`);
      }
    });
  }
  test('AQuA programs (pot_aqua_code002_n30.jsonl): 225 questions × 30 programs, and equal values are graded alike', () => {
    const set = loadDatasetFile(join(dir, 'pot_aqua_code002_n30.jsonl'), 'aqua', undefined, undefined);
    assert.equal(set.problems.length, 225);
    for (const p of set.problems) {
      assert.equal(p.samples.length, 30);
      // Correctness is a function of the value (which option it names), so one answer cannot be both.
      const verdict = new Map<string, boolean>();
      for (const s of p.samples) {
        if (s.answer === null) {
          assert.equal(s.correct, false, `${p.id}: a program with no value is not correct`);
          continue;
        }
        assert.equal(verdict.get(s.answer) ?? s.correct, s.correct, `${p.id}: ${s.answer}`);
        verdict.set(s.answer, s.correct);
      }
    }
  });
});
