// Where a policy's think settings draw their samples in `ponder bench` (without --fit-policy's own axis):
// a bin or probe that says how the model thinks reads the stream sampled at that setting, as the live
// engine samples each bin at its thinking (engine/adaptive/think-bin.ts). With --think-budgets that is the
// dataset's copy at the setting's budget (a budget not drawn is refused before anything runs); on a live
// backend without it, a stream drawn at the setting itself. Recorded samples have the thinking they were
// recorded with, so replay refuses a policy that asks for thinking. Every stream of a (dataset, problem,
// repeat) is made once, so a sample is paid for once however many strategies and copies read it.
import type { Policy, PolicyThink } from '../../engine/stopping/policy';
import { describeThink } from '../../engine/stopping/policy';
import { UsageError } from '../read-problem';
import type { BenchArgs } from './args';
import type { Backend } from './backends';
import type { ThinkDrawn } from './cells';
import type { BenchDataset, BenchProblem } from './datasets';
import type { StreamSource } from './source-run';
import type { DrawnSample, SampleStream } from './streams';

/** The think settings a policy names, with where in the policy each is. */
export function policyThinks(policy: Policy): { where: string; think: PolicyThink }[] {
  const out: { where: string; think: PolicyThink }[] = [];
  if (policy.probe.think) out.push({ where: 'probe', think: policy.probe.think });
  policy.bins.forEach((bin, i) => {
    if (bin.think) out.push({ where: `bin ${i + 1}`, think: bin.think });
  });
  return out;
}

/**
 * The thinking budget whose --think-budgets copy a think setting reads: 0 for no thinking, else its budget.
 * Thinking without a budget, or at a level, was not drawn by any copy (they sample with thinking on, forced
 * closed at each budget), so it is refused rather than read from a copy that samples differently.
 */
export function drawnBudgetOf(think: PolicyThink, budgets: readonly number[], where: string): number {
  const listed = `--think-budgets ${budgets.join(',')}`;
  const asks = `the policy's ${where} asks for ${describeThink(think)}`;
  if (think.mode !== 'off' && think.mode !== 'on') {
    throw new UsageError(`${asks}, but ${listed} samples with thinking on at each budget, not at a level: use mode "on" with a budget, or run without --think-budgets to sample at the level`);
  }
  if (think.mode === 'on' && think.budget === undefined) {
    throw new UsageError(`${asks} without a budget, but ${listed} samples only at budgets: give it a "budget" (one of ${budgets.filter((b) => b > 0).join(', ') || 'the budgets above 0'})`);
  }
  const budget = think.mode === 'off' ? 0 : (think.budget as number);
  if (!budgets.includes(budget)) {
    throw new UsageError(`${asks}, but no samples are drawn at thinking budget ${budget}: add ${budget} to ${listed}, or change the policy`);
  }
  return budget;
}

/** Refuses, before anything is drawn, a policy whose think settings this run cannot sample at. */
export function checkPolicyThinking(policy: Policy, args: Pick<BenchArgs, 'backend' | 'thinkBudgets'>): void {
  for (const { where, think } of policyThinks(policy)) {
    if (args.backend === 'replay') {
      throw new UsageError(
        `the policy's ${where} asks for ${describeThink(think)}, but recorded samples have the thinking they were recorded with: run it on a live backend (--backend sim, ollama or openai), with --think-budgets to compare budgets`,
      );
    }
    if (args.thinkBudgets) drawnBudgetOf(think, args.thinkBudgets, where);
  }
}

/** A dataset sampled at one think setting (a live backend without --think-budgets). */
function atThink(dataset: BenchDataset, think: PolicyThink): BenchDataset {
  const label = think.mode === 'off' ? 'nothink' : `think-${think.mode}${think.budget === undefined ? '' : `-${think.budget}`}`;
  return { ...dataset, name: `${dataset.name}@${label}`, base: dataset.base ?? dataset.name, think };
}

export class ThinkStreams {
  private readonly streams = new Map<string, SampleStream>();

  constructor(
    private readonly backend: Backend,
    /** Every dataset of the run, --think-budgets copies included. */
    private readonly datasets: readonly BenchDataset[],
    private readonly budgets: readonly number[] | undefined,
    /** Samples a checkpoint kept for a (dataset, problem, repeat), so a resumed run does not draw them again. */
    private readonly kept: (dataset: string, problem: string, repeat: number) => readonly DrawnSample[] | undefined,
  ) {}

  /** The stream of (dataset, problem, repeat), made on first use; `previous` is what a checkpoint kept for it. */
  stream(dataset: BenchDataset, problem: BenchProblem, repeat: number, previous?: readonly DrawnSample[]): SampleStream {
    const key = JSON.stringify([dataset.name, problem.id, repeat]);
    let stream = this.streams.get(key);
    if (!stream) {
      stream = this.backend.streamFor(dataset, problem, repeat, previous ?? this.kept(dataset.name, problem.id, repeat));
      this.streams.set(key, stream);
    }
    return stream;
  }

  /** What the streams of `problem` other than `dataset`'s own hold now (for the unit's checkpoint). */
  drawnElsewhere(dataset: BenchDataset, problem: BenchProblem): ThinkDrawn[] {
    const out: ThinkDrawn[] = [];
    for (const [key, stream] of this.streams) {
      const [name, id, repeat] = JSON.parse(key) as [string, string, number];
      if (id === problem.id && name !== dataset.name && stream.samples.length > 0) out.push({ dataset: name, repeat, samples: [...stream.samples] });
    }
    return out;
  }

  /** A run's samples by think setting: its own stream when the policy leaves thinking to the run. */
  source(dataset: BenchDataset, problem: BenchProblem, repeat: number, own: SampleStream): StreamSource {
    return (think) => (think ? this.stream(this.datasetAt(dataset, think), problem, repeat) : own);
  }

  private datasetAt(dataset: BenchDataset, think: PolicyThink): BenchDataset {
    if (!this.budgets) return atThink(dataset, think);
    const budget = drawnBudgetOf(think, this.budgets, 'think setting');
    const base = dataset.base ?? dataset.name;
    const copy = this.datasets.find((d) => (d.base ?? d.name) === base && d.thinkBudget === budget);
    if (!copy) throw new UsageError(`no samples are drawn at thinking budget ${budget}: add it to --think-budgets`);
    return copy;
  }
}
