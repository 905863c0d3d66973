// Ponder's settings as the extension reads them, live. Trust rules, enforced here as well as in the manifest:
// - `ponder.ollamaHost`, `ponder.openaiBaseUrl` and `ponder.verifierBaseUrl` come only from user (or remote
//   machine) settings: a workspace can never point the user's problems (or API key) at another server,
//   trusted or not.
// - In an untrusted workspace nothing at all is read from workspace or folder settings.
// Every value is validated with the protocol's parseSettings; each problem is shown once, with a way to fix it.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { ParsedSettings, PonderSettings } from '../protocol/settings';
import { DEFAULT_SETTINGS, parseSettings } from '../protocol/settings';
import { resolvePolicyPath } from './policy-path';

export const SECTION = 'ponder';
const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof PonderSettings)[];
/** Settings read from user/machine scope only, whatever the workspace's trust. */
const USER_ONLY = new Set<keyof PonderSettings>(['ollamaHost', 'openaiBaseUrl', 'verifierBaseUrl']);

/** Raw values, before validation, honouring workspace trust. */
export function readRawSettings(trusted: boolean): Partial<Record<keyof PonderSettings, unknown>> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const raw: Partial<Record<keyof PonderSettings, unknown>> = {};
  for (const key of KEYS) {
    const value = trusted && !USER_ONLY.has(key) ? config.get<unknown>(key) : config.inspect<unknown>(key)?.globalValue;
    if (value !== undefined) raw[key] = value;
  }
  if (typeof raw.policyFile === 'string') raw.policyFile = resolvePolicyPath(raw.policyFile, { workspaceFolder: localWorkspaceFolder(), home: homedir() });
  return raw;
}

/** The first workspace folder's path when it is a folder on this machine (not a virtual or remote one). */
function localWorkspaceFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder?.scheme === 'file' ? folder.fsPath : undefined;
}

/** Reads and validates. `overrides` are session-only values (e.g. the demo model chosen from an error). */
export function readSettings(overrides: Partial<PonderSettings> = {}): ParsedSettings {
  const parsed = parseSettings(readRawSettings(vscode.workspace.isTrusted));
  return { settings: { ...parsed.settings, ...overrides }, problems: parsed.problems };
}

/** Which configuration target a change of `key` should go to, so it is not shadowed by a workspace value. */
export function targetFor(key: keyof PonderSettings): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
  if (vscode.workspace.isTrusted && !USER_ONLY.has(key) && inspected?.workspaceValue !== undefined) {
    return vscode.ConfigurationTarget.Workspace;
  }
  return vscode.ConfigurationTarget.Global;
}

export async function updateSetting<K extends keyof PonderSettings>(key: K, value: PonderSettings[K]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, targetFor(key));
}

/** Shows each settings problem once per session, with a button that opens the setting. */
export class SettingsProblemReporter {
  private readonly shown = new Set<string>();

  report(problems: readonly string[]): void {
    for (const problem of problems) {
      if (this.shown.has(problem)) continue;
      this.shown.add(problem);
      const key = /^(ponder\.\w+)/.exec(problem)?.[1] ?? SECTION;
      void vscode.window.showWarningMessage(`Ponder: ${problem}`, 'Open Settings').then((choice) => {
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', key);
      });
    }
  }

  /** Problems already shown (tests read it). */
  get reported(): readonly string[] {
    return [...this.shown];
  }
}
