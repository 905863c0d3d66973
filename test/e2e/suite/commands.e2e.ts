// The manifest's commands are all registered, activation is lazy and quick, and the log command works.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, ponder } from './helpers';

suite('commands and activation', () => {
  test('activates without "*" and within 500 ms', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const events = (extension.packageJSON as { activationEvents: string[] }).activationEvents;
    assert.ok(!events.includes('*'), 'no eager activation');
    assert.ok(events.includes('onWebviewPanel:ponder.tree'), 'the tree view is restored after a reload');
    const api = await ponder();
    console.log(`activation took ${api.activationMs.toFixed(1)} ms`);
    assert.ok(api.activationMs < 500, `activation took ${api.activationMs} ms`);
  });

  test('every contributed command is registered, under the category "Ponder"', async () => {
    await ponder();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (extension?.packageJSON as { contributes: { commands: { command: string; category: string }[] } }).contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of contributed) {
      assert.equal(command.category, 'Ponder');
      assert.ok(registered.has(command.command), `${command.command} is not registered`);
    }
    for (const id of ['ponder.solveSelection', 'ponder.showReasoningTree', 'ponder.solveAgainWithMoreBudget', 'ponder.cancel', 'ponder.insertAnswer']) {
      assert.ok(contributed.some((c) => c.command === id), `${id} is not contributed`);
    }
  });

  test('Show Log and Cancel (with nothing running) complete', async () => {
    await ponder();
    assert.equal(await vscode.commands.executeCommand('ponder.showLog'), true);
    assert.equal(await vscode.commands.executeCommand('ponder.cancel'), 0);
  });
});
