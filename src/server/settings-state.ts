// The session's settings: parsed from the initialization options and from every configuration change.
// Problems are reported to the user (once per distinct message), never silently dropped.
import { readFile } from 'node:fs/promises';
import { parsePolicyText } from '../engine/stopping/policy';
import type { ParsedSettings, PonderSettings } from '../protocol/settings';
import { DEFAULT_SETTINGS, parseSettings } from '../protocol/settings';

/**
 * The settings object inside whatever a client sent: `{ ponder: {...} }` (VS Code's section layout),
 * `{ settings: {...} }`, or the settings themselves.
 */
export function settingsPayload(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const record = raw as Record<string, unknown>;
  for (const key of ['ponder', 'settings']) {
    const inner = record[key];
    if (typeof inner === 'object' && inner !== null) return inner;
  }
  return raw;
}

export class SettingsState {
  #current: PonderSettings = DEFAULT_SETTINGS;
  readonly #reported = new Set<string>();

  constructor(private readonly warn: (message: string) => void) {}

  get current(): PonderSettings {
    return this.#current;
  }

  /** Applies new settings; reports their problems and checks the policy file. */
  async update(raw: unknown): Promise<ParsedSettings> {
    const parsed = parseSettings(settingsPayload(raw));
    this.#current = parsed.settings;
    const problems = [...parsed.problems];
    if (parsed.settings.policyFile !== '') {
      const policyProblem = await checkPolicyFile(parsed.settings.policyFile);
      if (policyProblem) {
        problems.push(`${policyProblem} Adaptive mode uses the built-in policy instead.`);
        this.#current = { ...this.#current, policyFile: '' };
      }
    }
    for (const problem of problems) {
      if (this.#reported.has(problem)) continue;
      this.#reported.add(problem);
      this.warn(problem);
    }
    return { settings: this.#current, problems };
  }
}

/** Why the policy file cannot be used, or undefined when it parses. */
async function checkPolicyFile(path: string): Promise<string | undefined> {
  try {
    parsePolicyText(await readFile(path, 'utf8'), path);
    return undefined;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return `ponder.policyFile: ${detail}.`;
  }
}
