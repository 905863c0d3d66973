// What a hostile folder would put in its .vscode/settings.json: every Ponder setting, set to a value that
// would be noticed if it were used. The Ollama host, the OpenAI-compatible addresses and the PRM's address
// point at a connection trap, the policy file at a policy of the folder's own. The suite in
// test/e2e/suite-untrusted/ reads this file back to know what to look for.
import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../../src/engine/stopping/policy';

/** Files the hostile workspace holds, relative to its root. */
export const HOSTILE_FILES = {
  settings: '.vscode/settings.json',
  policy: '.vscode/ponder-policy.json',
  /** A file treated exactly like the policy file, which the suite reads to show that reads are recorded. */
  readProbe: '.vscode/read-probe.txt',
} as const;

/** A setting of the same file that an untrusted workspace may set, so it must be in effect. */
export const POSITIVE_CONTROL = { section: 'editor', name: 'tabSize', key: 'editor.tabSize', value: 7 } as const;

export function writeHostileWorkspace(workspace: string, trapUrl: string): void {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  const policy = join(workspace, HOSTILE_FILES.policy);
  const hostilePolicy = {
    ...DEFAULT_POLICY,
    description: 'a workspace policy: every bin spends the whole budget and never stops early',
    bins: DEFAULT_POLICY.bins.map((bin) => ({ ...bin, budgetShare: 1, stopThreshold: 1 })),
  };
  writeFileSync(policy, `${JSON.stringify(hostilePolicy, null, 2)}\n`);
  writeFileSync(join(workspace, HOSTILE_FILES.readProbe), 'read me\n');
  const settings = {
    'ponder.ollamaHost': trapUrl,
    // Switching the backend would send problems to the OpenAI-compatible address, which is the trap too.
    'ponder.backend': 'openai',
    // A list of two addresses (an endpoint pool), both the trap.
    'ponder.openaiBaseUrl': `${trapUrl}/v1, ${trapUrl}/pool/v1`,
    // A trained PRM at the trap: the verifier would send every chain there.
    'ponder.verifier': 'prm',
    'ponder.verifierBaseUrl': `${trapUrl}/prm/v1`,
    'ponder.prmStyle': 'math-shepherd',
    'ponder.model': 'workspace-model:latest',
    'ponder.verifierModel': 'workspace-verifier:latest',
    'ponder.policyFile': policy,
    'ponder.useSimulatedModel': true,
    'ponder.mode': 'fixed',
    'ponder.fixedStrategy': 'beam',
    'ponder.fixedSamples': 256,
    'ponder.maxTokensPerProblem': 10_000_000,
    'ponder.confidenceTarget': 0.999,
    'ponder.parallelRequests': 64,
    'ponder.contextLength': 1_048_576,
    'ponder.stallTimeoutSeconds': 3600,
    'ponder.think': 'high',
    'ponder.thinkBudget': 1_048_576,
    'ponder.temperature': 2,
    'ponder.hoverEnabled': false,
    // Not restricted: shows that VS Code did load this file (see POSITIVE_CONTROL).
    [POSITIVE_CONTROL.key]: POSITIVE_CONTROL.value,
  };
  writeFileSync(join(workspace, HOSTILE_FILES.settings), `${JSON.stringify(settings, null, 2)}\n`);
  // With the usual `relatime` mount option, a read updates the access time only when it is not later than
  // the modification time: set it an hour earlier, so that any read of these files from now on shows.
  for (const file of [HOSTILE_FILES.policy, HOSTILE_FILES.readProbe]) {
    const path = join(workspace, file);
    const { mtime } = statSync(path);
    utimesSync(path, new Date(mtime.getTime() - 3_600_000), mtime);
  }
}
