// The adaptive policy of a run: the one given, the JSON file named, or the built-in live default; in
// every case checked against what live solving can run before any model call is made.
import { readFile } from 'node:fs/promises';
import type { Policy } from '../stopping/policy';
import { parsePolicyText, PolicyError } from '../stopping/policy';
import { assertLivePolicy, LIVE_DEFAULT_POLICY } from './live-policy';

export async function resolvePolicy(source: Policy | string | undefined): Promise<{ policy: Policy; origin: string }> {
  if (source === undefined) return { policy: LIVE_DEFAULT_POLICY, origin: 'built-in' };
  if (typeof source !== 'string') {
    assertLivePolicy(source);
    return { policy: source, origin: source.description ?? 'given' };
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new PolicyError(`cannot read the policy file ${source}: ${(error as Error).message}`);
  }
  const policy = parsePolicyText(text, source);
  assertLivePolicy(policy, source);
  return { policy, origin: source };
}
