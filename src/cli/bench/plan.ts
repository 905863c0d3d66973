// Turning `ponder bench` arguments into a plan: strategies, policy, datasets and budgets, each checked
// with a message a user can act on, and the fingerprint that decides whether a checkpoint still applies.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { replayCannotRun } from '../../engine/model/replay';
import { assertOutcomePolicy } from '../../engine/stopping/adaptive';
import type { Policy } from '../../engine/stopping/policy';
import { DEFAULT_POLICY, parsePolicyText, PolicyError, serializePolicy } from '../../engine/stopping/policy';
import { UnsupportedStrategyError } from '../../engine/stopping/types';
import { UsageError } from '../read-problem';
import type { BenchArgs } from './args';
import { simDataset } from './backends';
import type { BenchDataset } from './datasets';
import { DatasetError, findDataDir, loadDatasetFile, resolveDataset } from './datasets';
import type { DatasetPlan } from './run';
import type { StrategySpec } from './strategies';
import { DEFAULT_STRATEGIES, parseStrategies, StrategySpecError, withOracle } from './strategies';

const DEFAULT_LIVE_BUDGETS = [1, 2, 4, 8, 16];

export function readStrategies(args: BenchArgs): StrategySpec[] {
  try {
    return parseStrategies(args.strategies || DEFAULT_STRATEGIES);
  } catch (error) {
    if (error instanceof StrategySpecError) {
      if (error.stepLevel !== undefined) {
        throw new UsageError(
          args.backend === 'replay'
            ? replayCannotRun(error.stepLevel).message
            : `${error.stepLevel} needs step-level generation; ponder bench compares outcome-level strategies (ponder solve runs ${error.stepLevel})`,
        );
      }
      throw new UsageError(error.message);
    }
    throw error;
  }
}

export function readPolicy(args: BenchArgs): Policy {
  if (!args.policy) return DEFAULT_POLICY;
  let text: string;
  try {
    text = readFileSync(args.policy, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the policy ${args.policy}: ${(error as Error).message}`);
  }
  try {
    return parsePolicyText(text, args.policy);
  } catch (error) {
    if (error instanceof PolicyError) throw new UsageError(error.message);
    throw error;
  }
}

export function checkPolicyRuns(policy: Policy, args: BenchArgs): void {
  try {
    assertOutcomePolicy(policy);
  } catch (error) {
    if (error instanceof UnsupportedStrategyError) {
      throw new UsageError(args.backend === 'replay' ? `${replayCannotRun(error.strategy).message} (${error.message})` : error.message);
    }
    throw error;
  }
}

export function loadDatasets(args: BenchArgs, cwd: string): BenchDataset[] {
  const dataDir = findDataDir(cwd);
  try {
    return args.datasets.map((arg) => {
      if (arg.toLowerCase() === 'sim') {
        // Generated problems have no recorded samples; a live backend samples them (the simulated reasoner
        // in process, or the stand-in serving it over Ollama's or the OpenAI API).
        if (args.backend === 'replay') throw new UsageError('the sim dataset is generated for a live backend (sim, ollama or openai against the stand-in)');
        return simDataset(args.limit ?? 100, args.seed);
      }
      const { path, name, task } = resolveDataset(arg, args.backend, dataDir, cwd);
      const dataset = loadDatasetFile(path, name, task, args.limit);
      if (args.backend === 'replay' && dataset.maxRecorded === 0) {
        throw new UsageError(`${path} has no recorded samples to replay: use --backend sim or ollama for a problem set`);
      }
      return dataset;
    });
  } catch (error) {
    if (error instanceof DatasetError) throw new UsageError(error.message);
    throw error;
  }
}

export function planFor(dataset: BenchDataset, strategies: readonly StrategySpec[], args: BenchArgs): DatasetPlan {
  const skipped: string[] = [];
  const kept = strategies.filter((s) => {
    if (s.strategy !== 'weighted' && !(s.params.vote === 'weighted')) return true;
    if (dataset.hasScores) return true;
    skipped.push(`${s.label}: the samples carry no verifier scores.`);
    return false;
  });
  let budgets = args.budgets ?? (args.backend === 'replay' ? replayBudgets(dataset.maxRecorded) : DEFAULT_LIVE_BUDGETS);
  if (args.backend === 'replay') {
    const over = budgets.filter((b) => b > dataset.maxRecorded);
    if (over.length > 0) {
      skipped.push(`budgets ${over.join(', ')}: no problem has that many recorded samples (at most ${dataset.maxRecorded}).`);
      budgets = budgets.filter((b) => b <= dataset.maxRecorded);
      if (budgets.length === 0) budgets = [dataset.maxRecorded];
    }
  }
  return { dataset, strategies: withOracle(kept), budgets, skipped };
}

/**
 * With the default strategies on samples that carry verifier scores, adaptive also runs with a plain
 * majority vote, so the report shows what the scores add and what the stopping rule alone does.
 */
export function withAblation(dataset: BenchDataset, strategies: readonly StrategySpec[], args: BenchArgs): StrategySpec[] {
  if (args.strategies !== '' || !dataset.hasScores || !strategies.some((s) => s.id === 'adaptive')) return [...strategies];
  return [...strategies, ...parseStrategies('adaptive(vote=majority)')];
}

/** Powers of two below the recorded count, and the count itself. */
export function replayBudgets(maxRecorded: number): number[] {
  const budgets: number[] = [];
  for (let b = 1; b < maxRecorded; b *= 2) budgets.push(b);
  budgets.push(maxRecorded);
  return budgets;
}

export function fingerprintOf(args: BenchArgs, plans: readonly DatasetPlan[], repeats: number, policy: Policy): string {
  const material = {
    version: 1,
    backend: args.backend,
    datasets: plans.map((p) => ({ name: p.dataset.name, data: p.dataset.fingerprint, problems: p.dataset.problems.length, budgets: p.budgets, strategies: p.strategies.map((s) => s.id) })),
    repeats,
    seed: args.seed,
    policy: serializePolicy(policy),
    live: args.backend === 'replay' ? null : { host: args.host ?? null, model: args.model ?? null, temperature: args.temperature, maxTokens: args.maxTokens, verify: args.verify, ...(args.prm ? { verifier: `prm ${args.prm['verifier-model'] ?? ''}` } : {}) },
  };
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}
