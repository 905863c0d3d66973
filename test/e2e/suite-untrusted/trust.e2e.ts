// In a workspace that is not trusted, whose .vscode/settings.json sets every Ponder setting to a hostile
// value (harness/hostile-workspace.ts), Ponder uses the user's settings only: the host, the models, the
// policy file and everything else. A solve reaches the user's stand-in; the workspace's host (a connection
// trap run by the harness) is never contacted and the workspace's policy file is never read.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import * as vscode from 'vscode';
import type { SolveResultParams } from '../../../src/protocol/lsp';
import type { PonderSettings } from '../../../src/protocol/settings';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { TRAP_QUERY } from '../harness/connection-trap';
import { HOSTILE_FILES, POSITIVE_CONTROL } from '../harness/hostile-workspace';
import { ponder, selectProblem, waitFor, withUserSetting, workspaceFile } from '../suite/helpers';

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof PonderSettings)[];

/** How many connections the harness's trap has seen (this question itself is not counted). */
function trapConnections(trapUrl: string): Promise<number> {
  const { hostname, port } = new URL(trapUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(`${TRAP_QUERY}\n`));
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.once('error', reject);
    socket.once('close', () => (/^\d+\n$/.test(reply) ? resolve(Number(reply)) : reject(new Error(`the trap answered ${JSON.stringify(reply)}`))));
  });
}

suite('untrusted workspace', () => {
  let hostile: Record<string, unknown> = {};

  suiteSetup(() => {
    // Everything below is meaningless in a trusted window: fail loudly rather than pass vacuously.
    assert.equal(
      vscode.workspace.isTrusted,
      false,
      'the harness did not manage to open the workspace untrusted (is code-server started without --disable-workspace-trust, with security.workspace.trust.enabled?)',
    );
    hostile = JSON.parse(readFileSync(workspaceFile(HOSTILE_FILES.settings).fsPath, 'utf8')) as Record<string, unknown>;
    for (const key of KEYS) assert.ok(`ponder.${key}` in hostile, `the hostile workspace settings lack ponder.${key}`);
  });

  test('VS Code loaded the workspace settings file (an unrestricted setting in it is in effect)', () => {
    const { section, name, value } = POSITIVE_CONTROL;
    assert.equal(vscode.workspace.getConfiguration(section).inspect(name)?.workspaceValue, value);
    assert.equal(vscode.workspace.getConfiguration(section).get(name), value);
  });

  test('every effective setting is the user value (or the default), none the workspace value', async () => {
    const api = await ponder();
    const check = (): void => {
      const config = vscode.workspace.getConfiguration('ponder');
      for (const key of KEYS) {
        const expected = config.inspect(key)?.globalValue ?? DEFAULT_SETTINGS[key];
        assert.deepEqual(api.ctx.settings[key], expected, `ponder.${key}`);
        assert.notDeepEqual(api.ctx.settings[key], hostile[`ponder.${key}`], `ponder.${key} took the workspace value`);
      }
    };
    check();
    api.ctx.reloadSettings();
    check();
    assert.equal(api.ctx.settings.policyFile, '');
    assert.equal(api.ctx.settings.useSimulatedModel, false);
  });

  test('the status bar names the user host as the machine Ponder runs on, not the workspace host', async () => {
    const api = await ponder();
    const { text, remoteHost } = api.statusBar.tooltipState;
    // code-server is a remote window whose extension host is the server: "this computer" or that machine.
    assert.ok(text.includes(`Ollama: ${api.ctx.settings.ollamaHost} on `) && !text.includes('another machine'), text);
    assert.ok(!text.includes(String(hostile['ponder.ollamaHost'])), text);
    assert.equal(remoteHost, false);
  });

  test('a solve goes to the user host; the workspace host receives no connection', async () => {
    const api = await ponder();
    await selectProblem('12 * (7 + 5)');
    const result = await vscode.commands.executeCommand<SolveResultParams | undefined>('ponder.solveSelection');
    assert.ok(result, 'the solve returned nothing (see the Ponder log)');
    assert.equal(result.error, undefined, result.error?.message);
    assert.ok(result.answer !== null && result.answer !== '', 'an answer was reached');
    assert.ok(result.usage.generatedTokens > 0);
    assert.equal(api.ctx.runs.get(result.runId)?.mirror?.snapshot.finished, true);
    console.log(`untrusted solve: ${result.answer} (${result.strategy}, ${result.usage.generatedTokens} tokens)`);
    assert.equal(await trapConnections(String(hostile['ponder.ollamaHost'])), 0, 'something connected to the workspace host');
  });

  test('the workspace policy file is never read', function () {
    // The harness set both files' access time an hour before their modification time; with relatime (the
    // usual mount option) the first read moves it to now. The probe shows that this filesystem records reads.
    const probe = workspaceFile(HOSTILE_FILES.readProbe).fsPath;
    readFileSync(probe);
    const probed = statSync(probe);
    if (probed.atimeMs < probed.mtimeMs) {
      console.log('this filesystem does not record reads (noatime): the policy-file check cannot be made here');
      this.skip();
    }
    const policy = statSync(workspaceFile(HOSTILE_FILES.policy).fsPath);
    assert.ok(policy.atimeMs < policy.mtimeMs, `${HOSTILE_FILES.policy} was read at ${policy.atime.toISOString()}`);
  });

  test('a host the user sets on another machine is named in the tooltip and marked remote', async () => {
    const api = await ponder();
    const remote = 'http://192.0.2.10:11434'; // TEST-NET-1: never routed, and nothing is sent to it here
    await withUserSetting('ollamaHost', remote, async () => {
      await waitFor('the remote host to be in use', () => api.ctx.settings.ollamaHost === remote);
      await waitFor('the tooltip to name it', () => api.statusBar.tooltipState.text.includes(`Ollama: ${remote} on another machine (192.0.2.10)`));
      assert.match(api.statusBar.text, /on 192\.0\.2\.10 · /);
      assert.equal(api.statusBar.tooltipState.remoteHost, true);
      assert.match(api.statusBar.tooltipState.text, /is not on this machine: problems you solve are sent to it/);
    });
    await waitFor('the user host to be back', () => api.ctx.settings.ollamaHost !== remote);
    assert.equal(api.statusBar.tooltipState.remoteHost, false);
  });
});
