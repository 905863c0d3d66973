// What every controller shares: a tally (possibly continued from a probe), a hard maximum, and the
// bookkeeping of why it stopped.
import type { SearchDecision } from '../../protocol/tree';
import { VoteTally } from './tally';
import type { ControllerResult, Observation, SamplingController, StopReason } from './types';

export type VoteRule = 'majority' | 'weighted';

export abstract class ControllerBase implements SamplingController {
  protected readonly tally: VoteTally;
  protected stopReason: StopReason | undefined;
  /** One line for people on why it stopped, filled when it stops. */
  protected stopMessage = '';
  protected stopData: Record<string, number | string | boolean> = {};

  constructor(
    /** Never more samples than this in total (including any inherited from a probe). */
    readonly maxSamples: number,
    tally?: VoteTally,
  ) {
    if (!Number.isInteger(maxSamples) || maxSamples < 1) throw new RangeError(`maxSamples must be a positive integer, got ${maxSamples}`);
    this.tally = tally ?? new VoteTally();
  }

  abstract next(): number;

  observe(observation: Observation): void {
    if (this.tally.samples >= this.maxSamples) throw new RangeError(`observed more than the maximum of ${this.maxSamples} samples`);
    this.tally.add(observation.key, observation.score, observation.tokens, observation.confidence);
    this.afterObserve(observation);
  }

  /** Hook for controllers that look at each observation (ESC windows). */
  protected afterObserve(_observation: Observation): void {}

  protected stop(reason: StopReason, message: string, data: Record<string, number | string | boolean> = {}): 0 {
    this.stopReason = reason;
    this.stopMessage = message;
    this.stopData = data;
    return 0;
  }

  /** Stops with `budget` when the maximum is reached; returns whether it did. */
  protected atMaximum(): boolean {
    if (this.tally.samples < this.maxSamples) return false;
    this.stop('budget', `drew all ${this.maxSamples} allowed samples`);
    return true;
  }

  protected chosen(rule: VoteRule): string | null {
    return rule === 'weighted' ? this.tally.weighted() : this.tally.majority();
  }

  protected abstract voteRule(): VoteRule;

  /** Decisions before the stop (adaptive adds its difficulty estimate and bin). */
  protected earlierDecisions(): SearchDecision[] {
    return [];
  }

  protected extraResult(): Partial<ControllerResult> {
    return {};
  }

  result(): ControllerResult {
    const reason = this.stopReason ?? 'budget';
    const answer = this.chosen(this.voteRule());
    const decisions = this.earlierDecisions();
    decisions.push({
      kind: 'stop',
      message: `${this.stopMessage || 'stopped'}; answer ${answer === null ? '(none)' : JSON.stringify(answer)} after ${this.tally.samples} sample${this.tally.samples === 1 ? '' : 's'}`,
      // `detail`: the rule's own words without the answer, for summaries that show the answer elsewhere (the hover).
      data: { reason, detail: this.stopMessage || 'stopped', samples: this.tally.samples, tokens: this.tally.tokens, ...this.stopData },
    });
    return {
      answer,
      samples: this.tally.samples,
      tokens: this.tally.tokens,
      stop: reason,
      decisions,
      ...this.extraResult(),
    };
  }
}
