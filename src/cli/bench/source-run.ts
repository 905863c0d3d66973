// Adaptive mode over samples drawn where its policy says: the probe's from the stream of the probe's think
// setting, each bin's from the stream of the bin's (the same stream, continued, when they are the same), as
// the live engine samples each bin at the bin's thinking (engine/adaptive/adaptive.ts, think-bin.ts).
import { AdaptiveController } from '../../engine/stopping/adaptive';
import type { PolicyThink } from '../../engine/stopping/policy';
import type { SamplingController } from '../../engine/stopping/types';
import type { DrawnSample, SampleStream, StreamOutcome } from './streams';

/** Where the samples of a run come from, by think setting (undefined: the run's own). */
export type StreamSource = (think: PolicyThink | undefined) => SampleStream;

export interface SourceOutcome extends StreamOutcome {
  /** Every sample the run read, in order, whichever stream it came from. */
  readonly seen: readonly DrawnSample[];
}

/**
 * Drives `controller` over `source`: an adaptive controller's current bin picks the stream (its think
 * setting, else the probe's); any other controller reads the probe's stream alone. Graded by the first
 * sample read that gave the chosen answer; tokens and wall time are those of the samples read.
 */
export async function runOnSource(controller: SamplingController, probeThink: PolicyThink | undefined, source: StreamSource): Promise<SourceOutcome> {
  // One stream per think setting, asked for once: a source may hand out a fresh copy of a stream on every
  // call, and a bin that thinks as the probe did must go on where the probe stopped, not read its samples again.
  const streams = new Map<string, SampleStream>();
  const streamFor = (think: PolicyThink | undefined): SampleStream => {
    const key = think === undefined ? 'own' : think.mode === 'off' ? 'off' : `${think.mode}:${think.budget ?? ''}`;
    const known = streams.get(key);
    if (known) return known;
    const stream = source(think);
    streams.set(key, stream);
    return stream;
  };
  const first = streamFor(probeThink);
  const used = new Map<SampleStream, number>();
  const seen: DrawnSample[] = [];
  let tokens = 0;
  let wallMs = 0;
  for (let count = controller.next(); count > 0; count = controller.next()) {
    const entry = controller instanceof AdaptiveController ? controller.binEntry : undefined;
    const stream = entry ? streamFor(entry.think ?? probeThink) : first;
    const from = used.get(stream) ?? 0;
    if (stream.samples.length < from + count) await stream.ensure(from + count);
    if (stream.samples.length < from + count) throw new Error(`the stream ran out after ${stream.samples.length} samples`);
    for (let i = from; i < from + count; i++) {
      const sample = stream.samples[i] as DrawnSample;
      controller.observe(sample);
      seen.push(sample);
      tokens += sample.tokens;
      wallMs += sample.wallMs;
    }
    used.set(stream, from + count);
  }
  const result = controller.result();
  const correct = result.answer !== null && (seen.find((s) => s.key === result.answer)?.correct ?? false);
  return { ...result, tokens, correct, wallMs, seen };
}
