// The `ponder mcp` command line VS Code registers (chat/mcp-args.ts), run as VS Code runs it: adaptive mode
// stops at the user's policy file's thresholds, or at the confidence target once one is set, as the editor's
// own solves do.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { mcpServerArgs } from '../../../src/extension/chat/mcp-args';
import type { PonderSettings } from '../../../src/protocol/settings';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { startPonderMcp } from './client';
import { everyBinAt } from '../../support/uniform-policy';

const POLICY = everyBinAt(0.7);

describe('ponder mcp as the editor registers it', () => {
  let dir: string;
  let policyFile: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ponder-mcp-settings-'));
    policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(POLICY));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** The threshold an adaptive solve stopped at, with the editor's settings turned into `ponder mcp`'s arguments. */
  async function stopAt(settings: Partial<PonderSettings>): Promise<string | undefined> {
    const args = mcpServerArgs('mcp.js', { ...DEFAULT_SETTINGS, useSimulatedModel: true, ...settings }).slice(1);
    const mcp = await startPonderMcp(args);
    try {
      const result = await mcp.client.callTool({ name: 'solve', arguments: { problem: 'What is 12 * (7 + 5)?', mode: 'adaptive' } });
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      const decisions = (result.structuredContent as { decisions: { kind: string; message: string }[] }).decisions;
      return decisions.map((d) => /stop at confidence ([\d.]+)/.exec(d.message)?.[1]).find((t) => t !== undefined);
    } finally {
      await mcp.close();
    }
  }

  test('the policy file’s thresholds while no confidence target is set, the target once it is', async () => {
    assert.equal(await stopAt({ policyFile }), '0.7');
    assert.equal(await stopAt({ policyFile, confidenceTarget: 0.85 }), '0.85');
  });
});
