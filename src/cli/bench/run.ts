// Runs every strategy × budget over every (problem, repeat) of a dataset, a problem at a time (several at
// once with --concurrency), each problem's repeats on their own seeded streams.
import type { Policy } from '../../engine/stopping/policy';
import { createController } from '../../engine/stopping/create';
import type { BenchDataset, BenchProblem } from './datasets';
import type { CellSums, ConsistencyRecord, UnitResult } from './cells';
import type { PriorBank } from './prior-bank';
import { addOutcome, emptyCell } from './cells';
import type { StrategySpec } from './strategies';
import type { DrawnSample, SampleStream, StreamOutcome } from './streams';
import { oracleOnStream, runOnStream } from './streams';
import type { StreamSource } from './source-run';
import { runOnSource } from './source-run';

export interface DatasetPlan {
  readonly dataset: BenchDataset;
  readonly strategies: readonly StrategySpec[];
  readonly budgets: readonly number[];
  /** What was left out and why (e.g. weighted best-of-N without scores). */
  readonly skipped: readonly string[];
}

export interface UnitContext {
  readonly plan: DatasetPlan;
  readonly repeats: number;
  readonly policy: Policy;
  /** The stream of (problem, repeat); `previous` holds samples a checkpoint kept for it. */
  readonly streamFor: (problem: BenchProblem, repeat: number, previous: readonly DrawnSample[] | undefined) => SampleStream;
  /** Keep the drawn samples in the unit (live backends). */
  readonly keepSamples: boolean;
  readonly signal: AbortSignal;
  /** The consistency priors of this dataset's runs (one per cell and repeat), carried from problem to problem. */
  readonly priors: PriorBank;
  /**
   * A policy that says how the model thinks (think-streams.ts): where adaptive's probe and bins draw, given
   * the (problem, repeat)'s own stream; absent, adaptive reads the own stream as every strategy does.
   */
  readonly thinkSource?: (problem: BenchProblem, repeat: number, own: SampleStream) => StreamSource;
}

export async function runUnit(problem: BenchProblem, context: UnitContext, previous?: UnitResult): Promise<UnitResult> {
  const { plan } = context;
  const cells: CellSums[] = [];
  for (const spec of plan.strategies) for (let b = 0; b < plan.budgets.length; b++) cells.push(emptyCell(spec.strategy === 'adaptive'));
  const drawn: DrawnSample[][] = [];
  const consistency: ConsistencyRecord[] = [];
  for (let repeat = 0; repeat < context.repeats; repeat++) {
    context.signal.throwIfAborted();
    const stream = context.streamFor(problem, repeat, previous?.drawn?.[repeat]);
    if (stream.limit < 1) throw new Error(`problem ${problem.id} has no samples to draw`);
    let index = 0;
    for (const spec of plan.strategies) {
      for (const budget of plan.budgets) {
        if (spec.strategy === 'oracle') {
          addOutcome(cells[index] as CellSums, await oracleOnStream(stream, Math.min(budget, stream.limit)));
          index += 1;
          continue;
        }
        const prior = spec.strategy === 'adaptive' && context.policy.consistencyPrior ? context.priors.get(index, repeat) : undefined;
        const controller = createController(
          { strategy: spec.strategy, params: spec.params, ...(spec.strategy === 'adaptive' ? { policy: context.policy } : {}), ...(prior ? { prior } : {}) },
          Math.min(budget, stream.limit),
        );
        const source = spec.strategy === 'adaptive' && context.thinkSource ? context.thinkSource(problem, repeat, stream) : undefined;
        let outcome: StreamOutcome;
        let read: readonly DrawnSample[];
        if (source) {
          const run = await runOnSource(controller, context.policy.probe.think, source);
          outcome = run;
          read = run.seen;
        } else {
          outcome = await runOnStream(controller, stream);
          read = stream.samples.slice(0, outcome.samples);
        }
        addOutcome(cells[index] as CellSums, outcome);
        if (prior) consistency.push({ cell: index, repeat, ...distinctAnswers(read) });
        index += 1;
      }
    }
    if (context.keepSamples) drawn.push([...stream.samples]);
  }
  return {
    problemId: problem.id,
    ...(problem.level === undefined ? {} : { level: problem.level }),
    cells,
    ...(context.keepSamples ? { drawn } : {}),
    ...(consistency.length > 0 ? { consistency } : {}),
  };
}

/** Distinct answers among samples as the consistency prior counts them (no answer agrees with nothing). */
function distinctAnswers(samples: readonly DrawnSample[]): { distinct: number; samples: number } {
  const keys = new Set<string>();
  let unanswered = 0;
  for (const sample of samples) {
    if (sample.key === null) unanswered += 1;
    else keys.add(sample.key);
  }
  return { distinct: keys.size + unanswered, samples: samples.length };
}

/**
 * Runs `tasks` with at most `concurrency` at once, in order of start. Stops starting new ones once
 * `signal` aborts; a task that fails fails the whole run after the running ones have ended.
 */
export async function runPool<T>(items: readonly T[], concurrency: number, signal: AbortSignal, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined && !signal.aborted) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, () => worker()));
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(`a bench task failed: ${JSON.stringify(failure)}`);
}
