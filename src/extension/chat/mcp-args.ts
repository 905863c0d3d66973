// The command line of `ponder mcp` for the user's settings, kept free of the vscode API so it can be
// tested on its own (mcp-definition.ts registers it).
import type { PonderSettings } from '../../protocol/settings';

/** The arguments of `node dist/mcp.js` (= `ponder mcp`) for the user's settings. */
export function mcpServerArgs(entry: string, settings: PonderSettings): string[] {
  const args = [entry, '--max-tokens', String(settings.maxTokensPerProblem), '--parallel', String(settings.parallelRequests)];
  // Adaptive mode stops as the editor's own solves do: at the policy file's thresholds (an unreadable file
  // stops the MCP server at its start with the file's problem, as the editor warns of it), or at the
  // confidence target when one is set.
  if (settings.policyFile !== '') args.push('--policy', settings.policyFile);
  if (settings.confidenceTarget !== null) args.push('--confidence', String(settings.confidenceTarget));
  if (settings.useSimulatedModel) return [...args, '--sim'];
  args.push('--host', settings.ollamaHost, '--model', settings.model, '--context-length', String(settings.contextLength), '--temperature', String(settings.temperature));
  if (settings.verifierModel !== '') args.push('--verifier-model', settings.verifierModel);
  // ponder.think and ponder.thinkBudget as `ponder mcp` takes them; an agent's own think inputs replace them.
  args.push('--think', settings.think);
  if (settings.think !== 'off' && settings.thinkBudget > 0) args.push('--think-budget', String(settings.thinkBudget));
  return args;
}
