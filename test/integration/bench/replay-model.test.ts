// The bench's replay streams and the replay LanguageModel serve the same samples in the same order, so
// what the bench measures is what a strategy driving the replay model through the engine would see.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDatasetFile } from '../../../src/cli/bench/datasets';
import { replayStream } from '../../../src/cli/bench/streams';
import { collectGeneration } from '../../../src/engine/model/collect';
import { loadRecordedFile, ReplayModel } from '../../../src/engine/model/replay';
import { solveMessages } from '../../../src/engine/prompts/solve';

test('replay streams and the replay model agree sample by sample (shipped MATH-500 file)', async () => {
  const path = join(__dirname, '..', '..', '..', 'bench', 'data', 'replay', 'math500sub20_qwen25_1p5b_n16_prm.jsonl');
  const dataset = loadDatasetFile(path, 'math500', 'math', undefined);
  const recorded = await loadRecordedFile(path);
  const model = new ReplayModel(recorded.problems, { seed: 11 });
  for (const repeat of [0, 5]) {
    model.startRepeat(repeat);
    for (const problem of dataset.problems.slice(0, 5)) {
      const stream = replayStream(problem, 11, repeat);
      for (const expected of stream.samples) {
        const generation = await collectGeneration(model.generate({ messages: solveMessages(problem.problem), temperature: 0.7, maxTokens: 100_000 }, AbortSignal.timeout(5000)));
        const served = model.recorded(problem.problem, generation.text);
        assert.equal(served?.answer, expected.key);
        assert.equal(served?.score, expected.score);
        assert.equal(served?.correct, expected.correct);
        assert.equal(generation.usage.generatedTokens, expected.tokens);
      }
      assert.equal(model.remaining(problem.problem), 0);
    }
  }
});
