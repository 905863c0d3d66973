// The demo model chosen from the "Ollama is not answering" toast is a way in, not a trap: changing the host,
// choosing a model, or the server answering again each hand the next solve to the real model.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SolveResultParams } from '../../../src/protocol/lsp';
import { ponder, selectProblem, solveProblem, waitFor, withUserSetting } from './helpers';

const UNREACHABLE = 'http://127.0.0.1:9'; // the discard port: nothing answers on loopback here

suite('leaving the demo model', () => {
  teardown(async () => (await ponder()).ctx.leaveDemo());

  test('changing the host ends the demo: the status bar and the next solve use the real model', async () => {
    const api = await ponder();
    api.ctx.useDemoUntilOllamaAnswers();
    await waitFor('the demo model in the status bar', () => /demo model/.test(api.statusBar.text));
    assert.match(api.statusBar.tooltipState.text, /looks for it again before each solve/);
    await withUserSetting('ollamaHost', UNREACHABLE, async () => {
      await waitFor('the host to change', () => api.ctx.settings.ollamaHost === UNREACHABLE);
      assert.equal(api.ctx.settings.useSimulatedModel, false, 'the demo model outlived a change of host');
      assert.match(api.statusBar.text, new RegExp(api.ctx.settings.model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    });
  });

  test('changing an unrelated setting keeps the demo: the server is told the session\'s settings, not VS Code\'s raw ones', async () => {
    const api = await ponder();
    await withUserSetting('ollamaHost', UNREACHABLE, async () => {
      await waitFor('the host to change', () => api.ctx.settings.ollamaHost === UNREACHABLE);
      api.ctx.useDemoUntilOllamaAnswers();
      await withUserSetting('temperature', 0.5, async () => {
        await waitFor('the temperature to change', () => api.ctx.settings.temperature === 0.5);
        assert.equal(api.ctx.settings.useSimulatedModel, true);
        const result = await solveProblem('12 * (7 + 5)');
        assert.equal(result.model?.simulated, true, 'the server lost the demo model the session chose');
      });
    });
  });

  test('choosing a model ends the demo', async () => {
    const api = await ponder();
    api.ctx.useDemoUntilOllamaAnswers();
    const model = api.ctx.settings.model;
    await withUserSetting('model', 'qwen3:1.7b', async () => {
      await waitFor('qwen3:1.7b in the status bar', () => api.statusBar.text.includes('qwen3:1.7b'));
      assert.equal(api.ctx.settings.useSimulatedModel, false);
    });
    await waitFor('the model to be restored', () => api.ctx.settings.model === model);
  });

  test('a server that answers again takes over on the next solve, without any setting changed', async () => {
    const api = await ponder();
    api.ctx.useDemoUntilOllamaAnswers();
    assert.equal(api.ctx.settings.useSimulatedModel, true);
    const result = await solveProblem('12 * (7 + 5)');
    assert.equal(result.model?.simulated, false, 'the demo model answered although the stand-in was up');
    assert.equal(result.model?.name, api.ctx.settings.model);
    assert.equal(api.ctx.demoStandingIn, false);
  });

  test('the demo model on a problem it cannot read says so in the result', async () => {
    const api = await ponder();
    await withUserSetting('useSimulatedModel', true, async () => {
      await waitFor('the demo model', () => api.ctx.settings.useSimulatedModel);
      await selectProblem('A train leaves');
      const result = await vscode.commands.executeCommand<SolveResultParams | undefined>('ponder.solveSelection');
      assert.ok(result);
      assert.equal(result.answer, null);
      assert.equal(result.model?.simulated, true);
      assert.equal(result.beyondDemo, true);
    });
  });
});
