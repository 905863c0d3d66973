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
  test('there are five, from different models and tasks', () => {
    assert.deepEqual(files, [
      'faithfulcot_date_code002_ltm_n40.jsonl',
      'gsm8k_openai_4systems_n4.jsonl',
      'math500sub20_qwen25_1p5b_n16_prm.jsonl',
      'tot_game24_gpt4_cot_n100.jsonl',
      'tot_game24_gpt4_standard_n100.jsonl',
    ]);
  });
  for (const file of files) {
    test(`${file} loads whole`, () => {
      const set = loadDatasetFile(join(dir, file), file, undefined, undefined);
      assert.deepEqual(set.lineErrors, []);
      assert.ok(set.problems.length >= 20 && set.maxRecorded >= 4, `${set.problems.length} × ${set.maxRecorded}`);
    });
  }
  test('date understanding: a sample is correct exactly when its date is the gold date', () => {
    const set = loadDatasetFile(join(dir, 'faithfulcot_date_code002_ltm_n40.jsonl'), 'date', undefined, undefined);
    assert.equal(set.problems.length, 359);
    for (const p of set.problems) {
      assert.equal(p.samples.length, 40);
      for (const s of p.samples) assert.equal(s.correct, s.answer === p.gold, `${p.id}: ${s.answer} vs ${p.gold}`);
    }
  });
});
