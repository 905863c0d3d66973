// Where `ponder.policyFile` points. The language server reads the file, and its working directory is nobody's
// choice (VS Code's install folder, or `/`), so a path as people write it in settings — `policy.json`,
// `bench/out/gsm8k-ollama/policy-qwen.json`, `~/policies/qwen.json`, `${workspaceFolder}/policy.json` — is
// made absolute here, the way VS Code's own path settings read: relative to the workspace's first folder.
import { isAbsolute, join } from 'node:path';

export interface PathBases {
  /** The file-system path of the workspace's first folder, if it is on this machine. */
  readonly workspaceFolder: string | undefined;
  readonly home: string;
}

/** The absolute path of `value`; unchanged when empty, already absolute, or relative with no folder to read it from. */
export function resolvePolicyPath(value: string, bases: PathBases): string {
  let path = value.trim();
  if (path === '') return path;
  path = path.replace(/\$\{userHome\}/g, bases.home);
  if (bases.workspaceFolder !== undefined) path = path.replace(/\$\{workspaceFolder\}/g, bases.workspaceFolder);
  if (path === '~' || path.startsWith('~/') || path.startsWith('~\\')) path = join(bases.home, path.slice(1));
  if (isAbsolute(path) || bases.workspaceFolder === undefined) return path;
  return join(bases.workspaceFolder, path);
}
