// The sampling loop shared by the best-of-N strategies: N independent chains (distinct seeds), at most
// `parallelism` at a time, each reported to the strategy as it ends. Where the server takes `n` (one
// prefill for several samples of one prompt), the chains go in waves of `parallelism`, each wave one
// request (shared-prefill.ts): the same samples, seeds and tree, the prompt evaluated once per wave;
// a wave ends with its longest chain, and a fault on its request fails every chain of the wave (two
// waves failed whole, with nothing answered, mean the backend is failing). It stops launching chains when the
// budget refuses one, when the run is cancelled, or when the first calls all fail (a server that is down
// or a model that does not exist would fail every call). If every chain failed, the first error is
// thrown: there is nothing to answer with, and the caller should see why.
import type { ReserveOptions } from '../budget/ledger';
import type { LanguageModel } from '../model/types';
import { runPool } from './pool';
import type { ChainOutcome } from './sample-chain';
import { sampleChain } from './sample-chain';
import { SharedPrefillBatch } from './shared-prefill';
import type { SampleCounts, SearchContext, StopReason } from './types';

type StreamingModel = LanguageModel & Required<Pick<LanguageModel, 'generateStreams'>>;

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
  const shared = await sharedPrefillModel(context);
  const followUps: Promise<void>[] = [];
  let succeeded = 0;
  let failed = 0;
  let outOfBudget = false;
  // With no success yet, this many failures in a row means the backend itself is failing.
  const giveUpAfter = Math.max(2, Math.min(options.parallelism, requested));
  // Counted in requests: a wave drawn in one request that failed whole is one failed request.
  let failedWaves = 0;
  const failingBackend = (): boolean => succeeded === 0 && (shared ? failedWaves >= 2 : failed >= giveUpAfter);

  const record = (outcome: ChainOutcome): ChainOutcome => {
    outcomes.push(outcome);
    if (outcome.kind === 'answered' || outcome.kind === 'unanswered') succeeded += 1;
    else if (outcome.kind === 'failed') failed += 1;
    else if (outcome.kind === 'no-budget') outOfBudget = true;
    followUps.push(Promise.resolve().then(() => hooks.onChain(outcome)));
    return outcome;
  };
  const shouldStop = (): boolean => signal.aborted || outOfBudget || failingBackend();
  const { started } = shared
    ? await runWaves(requested, options.parallelism, shared, (model, sample) => sampleChain({ ...context, model }, sample, hooks.reserve?.() ?? {}).then(record), shouldStop, () => (failedWaves += 1))
    : await runPool(requested, options.parallelism, async (sample) => record(await sampleChain(context, sample, hooks.reserve?.() ?? {})), shouldStop);
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

/** The generator, when it can draw a wave of samples in one request on this server. */
async function sharedPrefillModel(context: SearchContext): Promise<StreamingModel | undefined> {
  const { model, options, signal } = context;
  if (options.parallelism < 2 || !model.generateStreams || !model.sharesPrefill) return undefined;
  // A thinking budget ends each sample's trace on its own, by closing its request; the samples of one `n`
  // request share theirs, so each sample gets its own. (The trace allowance needs no such stop: the request's
  // token cap holds it, and a sample whose trace took every token fails with that reason.)
  const budget = context.thinking?.budget;
  if (budget !== undefined && !budget.allowance && context.thinking?.think !== false) return undefined;
  try {
    return (await model.sharesPrefill(signal)) ? (model as StreamingModel) : undefined;
  } catch {
    // Detection failed: the first sample's own request reports why.
    return undefined;
  }
}

/** Samples in waves of `parallelism`, each wave drawn through one SharedPrefillBatch. */
async function runWaves(
  count: number,
  parallelism: number,
  model: StreamingModel,
  task: (model: LanguageModel, sample: number) => Promise<ChainOutcome>,
  shouldStop: () => boolean,
  onWaveFailed: () => void,
): Promise<{ started: number }> {
  let next = 0;
  while (next < count && !shouldStop()) {
    const first = next;
    const size = Math.min(Math.floor(parallelism), count - first);
    next += size;
    const batch = new SharedPrefillBatch(model, size);
    const wave = await Promise.all(
      Array.from({ length: size }, (_, i) =>
        task(batch.member(i), first + i).finally(() => batch.settle(i)),
      ),
    );
    if (wave.every((outcome) => outcome.kind === 'failed')) onWaveFailed();
  }
  return { started: next };
}
