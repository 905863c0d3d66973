// The session's settings: parsed from the initialization options and from every configuration change.
// Problems are reported to the user (once per distinct message), never silently dropped.
import { resolvePolicy } from '../engine/adaptive/load-policy';
import { getStrategy, strategyNames } from '../engine/search/registry';
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
    // The strategy names live in the engine's registry, which the protocol's parser cannot see.
    const strategy = parsed.settings.fixedStrategy;
    if (!getStrategy(strategy)) {
      problems.push(
        `ponder.fixedStrategy must be one of ${strategyNames().join(', ')}; using ${JSON.stringify(DEFAULT_SETTINGS.fixedStrategy)} instead of ${JSON.stringify(strategy)}.`,
      );
      this.#current = { ...this.#current, fixedStrategy: DEFAULT_SETTINGS.fixedStrategy };
    }
    if (parsed.settings.policyFile !== '') {
      const policyProblem = await checkPolicyFile(parsed.settings.policyFile);
      if (policyProblem) {
        problems.push(`${policyProblem}. Fix the file or clear ponder.policyFile; until then adaptive mode uses the built-in policy.`);
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

/** Why the policy file cannot be used (read, parsed and checked as a solve would), or undefined when it can. */
async function checkPolicyFile(path: string): Promise<string | undefined> {
  try {
    await resolvePolicy(path);
    return undefined;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return `ponder.policyFile: ${detail.replace(/\.$/, '')}`;
  }
}
