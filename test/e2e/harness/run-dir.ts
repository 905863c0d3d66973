// One folder per end-to-end run: code-server's user data, extensions, XDG and TMPDIR folders, the browser
// profile and a copy of the fixture workspace (the tests edit documents; the repository stays untouched).
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunDir {
  readonly root: string;
  readonly userData: string;
  readonly extensions: string;
  readonly xdg: string;
  readonly tmp: string;
  readonly workspace: string;
  /** A fresh Chromium profile per browser launch. */
  browserProfile(name: string): string;
  readonly serverLog: string;
}

export function createRunDir(fixtureWorkspace: string): RunDir {
  const root = mkdtempSync(join(tmpdir(), 'ponder-e2e-'));
  const dir = (name: string): string => {
    const path = join(root, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const workspace = join(root, 'workspace');
  cpSync(fixtureWorkspace, workspace, { recursive: true });
  return {
    root,
    userData: dir('user-data'),
    extensions: dir('extensions'),
    xdg: dir('xdg'),
    tmp: dir('tmp'),
    workspace,
    browserProfile: (name) => dir(`browser-${name}`),
    serverLog: join(root, 'code-server.log'),
  };
}

/**
 * User settings for the test window: nothing phones home, nothing opens on start-up, and Ponder talks to the
 * stand-in. `ponder.ollamaHost` is machine-scoped, and a code-server window is a remote window, so the same
 * settings also go to the server's Machine settings, where machine-scoped values are read. `other` settings
 * (full keys) are applied last.
 */
export function writeSettings(runDir: RunDir, ponder: Record<string, unknown>, other: Record<string, unknown> = {}): void {
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.enableExperiments': false,
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'update.mode': 'none',
    'update.showReleaseNotes': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'npm.autoDetect': 'off',
    'typescript.tsserver.experimental.enableProjectDiagnostics': false,
    'editor.hover.delay': 100,
    ...Object.fromEntries(Object.entries(ponder).map(([key, value]) => [`ponder.${key}`, value])),
    ...other,
  };
  const text = `${JSON.stringify(settings, null, 2)}\n`;
  for (const scope of ['User', 'Machine']) {
    const folder = join(runDir.userData, scope);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'settings.json'), text);
  }
}
