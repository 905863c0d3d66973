// Where adaptive mode stops in the editor: with ponder.confidenceTarget unset, each difficulty bin stops at
// its own threshold from the policy (the built-in or ponder.policyFile's), as on the command line and in the
// bench; set, the target is every bin's threshold.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyDeltas } from '../../../src/engine/tree/apply';
import { DEFAULT_POLICY } from '../../../src/engine/stopping/policy';
import type { PonderSettings } from '../../../src/protocol/settings';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { ServerHarness } from './harness';
import { everyBinAt } from '../../support/uniform-policy';

const POLICY = everyBinAt(0.7);

describe('ponder.confidenceTarget and the policy’s thresholds', () => {
  let standin: Standin;
  let dir: string;
  let policyFile: string;
  before(async () => {
    standin = await startStandin({ parallel: 2, tokenLatencyMs: 1 });
    dir = await mkdtemp(join(tmpdir(), 'ponder-confidence-'));
    policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(POLICY));
  });
  after(async () => {
    await standin.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Solves one problem in adaptive mode on a fresh server and returns the bin it chose and the threshold it stopped at. */
  async function stopAt(settings: Partial<PonderSettings>): Promise<{ bin: number; threshold: number }> {
    const server = await ServerHarness.start({ ollamaHost: standin.url, parallelRequests: 2, ...settings });
    try {
      assert.deepEqual(server.warnings, []);
      const result = await server.solve({ problem: 'What is 3 + 4 * 2?', mode: 'adaptive' });
      assert.equal(result.error, undefined, result.error?.message);
      assert.equal(result.answer, '11');
      const started = server.runStarted.find((r) => r.params.runId === result.runId);
      assert.ok(started);
      const tree = applyDeltas(started.params.snapshot, server.deltasOf(result.runId).flatMap((d) => d.params.deltas));
      const bin = tree.decisions.find((d) => d.kind === 'strategy' && typeof d.data?.stopThreshold === 'number');
      assert.ok(bin, tree.decisions.map((d) => d.message).join('\n'));
      assert.match(bin.message, new RegExp(`stop at confidence ${String(bin.data?.stopThreshold).replace('.', '\\.')}\\b`));
      return { bin: Number(bin.data?.bin), threshold: Number(bin.data?.stopThreshold) };
    } finally {
      await server.close();
    }
  }

  test('unset: the built-in policy’s threshold for the bin', async () => {
    const { bin, threshold } = await stopAt({});
    assert.equal(threshold, DEFAULT_POLICY.bins[bin - 1]?.stopThreshold);
  });

  test('unset with a policy file: the file’s threshold, not a default target', async () => {
    assert.equal((await stopAt({ policyFile })).threshold, 0.7);
  });

  test('set: the target, in whichever bin, with or without a policy file', async () => {
    assert.equal((await stopAt({ confidenceTarget: 0.8 })).threshold, 0.8);
    assert.equal((await stopAt({ policyFile, confidenceTarget: 0.85 })).threshold, 0.85);
  });
});
