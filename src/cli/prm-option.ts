// `--verifier prm`: the trained process reward model as the step verifier, from --verifier-model (the
// served PRM, default Qwen/Qwen2.5-Math-PRM-7B), --verifier-base-url (default: the first --base-url)
// and --prm-style. Undefined for the default judge.
import type { BudgetLedger } from '../engine/budget/ledger';
import { apiKeyFromEnvironment } from '../engine/model/openai';
import { DEFAULT_PRM, PrmClient } from '../engine/model/openai/pooling';
import { PrmVerifier } from '../engine/verify/prm-verifier';
import type { Verifier } from '../engine/verify/types';
import { UsageError } from './read-problem';

export function prmVerifierOption(
  values: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): ((ledger: BudgetLedger) => Verifier) | undefined {
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
  const kind = text('verifier') ?? 'judge';
  if (kind !== 'judge' && kind !== 'prm') throw new UsageError(`--verifier must be judge or prm, not "${kind}"`);
  if (kind === 'judge') {
    if (text('verifier-base-url') !== undefined || text('prm-style') !== undefined) throw new UsageError('--verifier-base-url and --prm-style go with --verifier prm');
    return undefined;
  }
  const style = text('prm-style') ?? 'qwen';
  if (style !== 'qwen' && style !== 'math-shepherd') throw new UsageError(`--prm-style must be qwen or math-shepherd, not "${style}"`);
  const baseUrl = text('verifier-base-url') ?? text('base-url')?.split(',')[0]?.trim();
  if (!baseUrl) throw new UsageError('--verifier prm needs --verifier-base-url URL (where vLLM serves the PRM), or --base-url');
  const apiKey = apiKeyFromEnvironment(env);
  let client: PrmClient;
  try {
    client = new PrmClient({ baseUrl, model: text('verifier-model') ?? DEFAULT_PRM, style: style, ...(apiKey ? { apiKey } : {}) });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  return (ledger) => new PrmVerifier(client, ledger);
}
