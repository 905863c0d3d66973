// Settings are validated with actionable messages, and the Ollama host comes from user settings only.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_POLICY, serializePolicy } from '../../../src/engine/stopping/policy';
import type { Policy, PolicyBin } from '../../../src/engine/stopping/policy';
import { ponder, solveProblem, waitFor, withUserSetting } from './helpers';

suite('settings', () => {
  test('an invalid value is reported once, naming the setting, and the default is used', async () => {
    const api = await ponder();
    await withUserSetting('temperature', 5, async () => {
      const problem = await waitFor('the temperature problem', () => api.ctx.settingsProblems.reported.find((p) => p.startsWith('ponder.temperature')));
      assert.match(problem, /must be between 0 and 2; using 0\.8 instead of 5/);
      assert.equal(api.ctx.settings.temperature, 0.8);
    });
    await waitFor('the setting to be restored', () => api.ctx.settings.temperature !== 5);
  });

  test('a valid change reaches the extension live', async () => {
    const api = await ponder();
    await withUserSetting('fixedSamples', 13, async () => {
      await waitFor('fixedSamples = 13', () => api.ctx.settings.fixedSamples === 13);
    });
  });

  test('a relative ponder.policyFile is read from the workspace folder; the runs stop at its thresholds unless a confidence target is set', async () => {
    const api = await ponder();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test workspace has a folder');
    const file = vscode.Uri.joinPath(folder, 'ponder-e2e-policy.json');
    // Every bin at 0.7, a threshold of neither the built-in policy nor any default; no run prior, so every run
    // reaches a bin (a prior learned from earlier tests could settle a problem during the probe).
    const at = (bin: PolicyBin): PolicyBin => ({ ...bin, stopThreshold: 0.7 });
    const [b1, b2, b3, b4, b5] = DEFAULT_POLICY.bins;
    const policy: Policy = { ...DEFAULT_POLICY, consistencyPrior: false, bins: [at(b1), at(b2), at(b3), at(b4), at(b5)] };
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(serializePolicy(policy)));
    const stoppedAt = async (): Promise<unknown> => {
      const result = await solveProblem('12 * (7 + 5)');
      const decisions = api.ctx.runs.get(result.runId)?.mirror?.snapshot.decisions ?? [];
      assert.ok(decisions.some((d) => d.data?.policy === file.fsPath), JSON.stringify(decisions.map((d) => d.data)));
      return decisions.find((d) => d.kind === 'strategy' && d.data?.stopThreshold !== undefined)?.data?.stopThreshold;
    };
    try {
      await withUserSetting('policyFile', 'ponder-e2e-policy.json', async () => {
        await waitFor('the policy path resolved', () => api.ctx.settings.policyFile === file.fsPath);
        assert.equal(api.ctx.settingsProblems.reported.filter((p) => p.startsWith('ponder.policyFile')).length, 0, api.ctx.settingsProblems.reported.join('\n'));
        assert.equal(api.ctx.settings.confidenceTarget, null, 'ponder.confidenceTarget is unset by default');
        assert.equal(await stoppedAt(), 0.7, "the policy file's threshold");
        await withUserSetting('confidenceTarget', 0.8, async () => {
          await waitFor('confidenceTarget = 0.8', () => api.ctx.settings.confidenceTarget === 0.8);
          assert.equal(await stoppedAt(), 0.8, 'the confidence target set, in place of the file’s');
        });
      });
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  test('the Ollama host is the user/machine value (the stand-in), never a workspace value', async () => {
    const api = await ponder();
    const config = vscode.workspace.getConfiguration('ponder');
    const user = config.inspect<string>('ollamaHost')?.globalValue;
    assert.ok(user, 'the test run sets ponder.ollamaHost in the user settings');
    assert.equal(api.ctx.settings.ollamaHost, user);
    try {
      await config.update('ollamaHost', 'http://attacker.example:11434', vscode.ConfigurationTarget.Workspace);
    } catch {
      // VS Code refuses to write a machine-scoped setting to a workspace: that is the point.
    }
    api.ctx.reloadSettings();
    assert.equal(api.ctx.settings.ollamaHost, user);
    await Promise.resolve(config.update('ollamaHost', undefined, vscode.ConfigurationTarget.Workspace)).catch(() => undefined);
  });
});
