// Acceptance: on the recorded replay files, our checker agrees with each source's own correctness flag
// on at least 99% of samples, per file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPLAY_FILES, readReplay, replayAgreement } from '../../support/replay';

for (const { file, task } of REPLAY_FILES) {
  test(`${file}: agreement with the recorded correctness is at least 99%`, async () => {
    const result = replayAgreement(file, task, await readReplay(file));
    assert.ok(result.samples > 0);
    const share = result.agreements / result.samples;
    const examples = result.disagreements.slice(0, 5).map((d) => `${d.id}#${d.index}`).join(', ');
    assert.ok(share >= 0.99, `${(share * 100).toFixed(2)}% (${result.samples} samples; e.g. ${examples})`);
  });
}
