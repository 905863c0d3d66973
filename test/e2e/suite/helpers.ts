// Shared by the extension-host tests: the extension's test API, polling, the fixture document.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PonderExtensionApi } from '../../../src/extension/main';
import type { SolveResultParams } from '../../../src/protocol/lsp';

export const EXTENSION_ID = 'ponder-dev.ponder';

export async function ponder(): Promise<PonderExtensionApi> {
  const extension = vscode.extensions.getExtension<PonderExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `the extension ${EXTENSION_ID} is not loaded`);
  return extension.isActive ? extension.exports : extension.activate();
}

/** Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens problems.md and selects the paragraph that contains `marker`. */
export async function selectProblem(marker: string): Promise<{ editor: vscode.TextEditor; range: vscode.Range }> {
  const document = await vscode.workspace.openTextDocument(workspaceFile('problems.md'));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const line = document.getText().split('\n').findIndex((text) => text.includes(marker));
  assert.ok(line >= 0, `problems.md has no line containing ${JSON.stringify(marker)}`);
  const range = new vscode.Range(line, 0, line, document.lineAt(line).text.length);
  editor.selection = new vscode.Selection(range.start, range.end);
  return { editor, range };
}

/** Selects the problem containing `marker` and solves it; the solve must return a result without an error. */
export async function solveProblem(marker: string): Promise<SolveResultParams> {
  await selectProblem(marker);
  const result = await vscode.commands.executeCommand<SolveResultParams | undefined>('ponder.solveSelection');
  assert.ok(result, 'the solve returned nothing (see the Ponder log)');
  assert.equal(result.error, undefined, result.error?.message);
  return result;
}

/** Sets a user setting for the duration of `body`. */
export async function withUserSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('ponder');
  const previous = config.inspect(key)?.globalValue;
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await vscode.workspace.getConfiguration('ponder').update(key, previous, vscode.ConfigurationTarget.Global);
  }
}
