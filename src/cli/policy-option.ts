// `--policy FILE` of `ponder solve` and `ponder mcp`: read and checked when the command starts, so a missing
// or malformed file is a usage error that names the file and what is wrong with it (exit code 2), before
// Ollama is looked for — not a failure of the first solve reported as the model backend's.
import { resolvePolicy } from '../engine/adaptive/load-policy';
import { PolicyError } from '../engine/stopping/policy';
import { UsageError } from './read-problem';

export async function policyOption(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  try {
    await resolvePolicy(path);
  } catch (error) {
    if (error instanceof PolicyError) throw new UsageError(`--policy: ${error.message}`);
    throw error;
  }
  return path;
}
