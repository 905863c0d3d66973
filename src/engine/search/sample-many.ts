// The sampling loop shared by the best-of-N strategies: N independent chains (distinct seeds), at most
// `parallelism` at a time, each reported to the strategy as it ends. It stops launching chains when the
// budget refuses one, when the run is cancelled, or when the first calls all fail (a server that is down
// or a model that does not exist would fail every call). If every chain failed, the first error is
// thrown: there is nothing to answer with, and the caller should see why.
import type { ReserveOptions } from '../budget/ledger';
import { runPool } from './pool';
import type { ChainOutcome } from './sample-chain';
import { sampleChain } from './sample-chain';
import type { SampleCounts, SearchContext, StopReason } from './types';

export interface SamplingHooks {
  /** Reservation options for the next chain (e.g. budget kept back for verifying chains). */
  reserve?(): ReserveOptions;
  /** Called as each chain ends; work it returns (e.g. verification) is awaited before the loop returns. */
  onChain(outcome: ChainOutcome): Promise<void> | void;
}

export interface SamplingResult {
  readonly outcomes: ChainOutcome[];
  readonly counts: SampleCounts;
  readonly stopReason: StopReason;
}

export async function sampleMany(context: SearchContext, hooks: SamplingHooks): Promise<SamplingResult> {
  const { options, signal, tree } = context;
  const requested = Math.max(0, Math.floor(options.samples));
  const outcomes: ChainOutcome[] = [];
  const followUps: Promise<void>[] = [];
  let succeeded = 0;
  let failed = 0;
  let outOfBudget = false;
  // With no success yet, this many failures in a row means the backend itself is failing.
  const giveUpAfter = Math.max(2, Math.min(options.parallelism, requested));
  const failingBackend = (): boolean => succeeded === 0 && failed >= giveUpAfter;

  const { started } = await runPool(
    requested,
    options.parallelism,
    async (sample) => {
      const outcome = await sampleChain(context, sample, hooks.reserve?.() ?? {});
      outcomes.push(outcome);
      if (outcome.kind === 'answered' || outcome.kind === 'unanswered') succeeded += 1;
      else if (outcome.kind === 'failed') failed += 1;
      else if (outcome.kind === 'no-budget') outOfBudget = true;
      followUps.push(Promise.resolve().then(() => hooks.onChain(outcome)));
      return outcome;
    },
    () => signal.aborted || outOfBudget || failingBackend(),
  );
  // Follow-up work must all end before the tree is finished, even when one of them throws.
  const settled = await Promise.allSettled(followUps);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;

  outcomes.sort((a, b) => a.sample - b.sample);
  const counts: SampleCounts = {
    requested,
    answered: outcomes.filter((o) => o.kind === 'answered').length,
    unanswered: outcomes.filter((o) => o.kind === 'unanswered').length,
    failed,
    cancelled: outcomes.filter((o) => o.kind === 'cancelled').length,
    notStarted: requested - started + outcomes.filter((o) => o.kind === 'no-budget').length,
  };
  const firstFailure = outcomes.find((o) => o.kind === 'failed');
  if (firstFailure && succeeded === 0 && !signal.aborted) throw firstFailure.error;
  if (firstFailure) {
    tree.decide({
      kind: 'warning',
      message: `${failed} of ${started} samples failed; the answer rests on the others`,
      data: { failed, started },
    });
  }
  if (outOfBudget && !signal.aborted) {
    const ran = outcomes.filter((o) => o.kind !== 'no-budget').length;
    tree.decide({
      kind: 'stop',
      message: `the token budget ran out after ${ran} of ${requested} samples`,
      data: { samplesRun: ran, samplesRequested: requested, tokenCap: context.ledger.tokenCap },
    });
  }
  const stopReason: StopReason = signal.aborted ? 'cancelled' : outOfBudget ? 'budget' : 'completed';
  return { outcomes, counts, stopReason };
}
