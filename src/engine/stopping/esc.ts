// Early-stopping self-consistency (ESC, arXiv 2401.10480): sample in windows of w; stop as soon as one
// window's answers are all the same answer (zero entropy), and take it; otherwise, at the maximum, take the
// majority over everything drawn. Windows are drawn whole, so they can be sampled in parallel.
import type { VoteRule } from './controller-base';
import { ControllerBase } from './controller-base';
import type { VoteTally } from './tally';
import type { Observation } from './types';

export class EscController extends ControllerBase {
  private window: (string | null)[] = [];
  private unanimousKey: string | null = null;

  constructor(
    maxSamples: number,
    readonly windowSize: number,
    private readonly rule: VoteRule = 'majority',
    tally?: VoteTally,
  ) {
    super(maxSamples, tally);
    if (!Number.isInteger(windowSize) || windowSize < 1) throw new RangeError(`the ESC window must be a positive integer, got ${windowSize}`);
  }

  next(): number {
    if (this.stopReason) return 0;
    if (this.window.length === this.windowSize) {
      const first = this.window[0] ?? null;
      if (first !== null && this.window.every((key) => key === first)) {
        this.unanimousKey = first;
        return this.stop('window', `a window of ${this.windowSize} answers was unanimous`, { window: this.windowSize });
      }
      this.window = [];
    }
    if (this.atMaximum()) return 0;
    return Math.min(this.windowSize - this.window.length, this.maxSamples - this.tally.samples);
  }

  protected override afterObserve(observation: Observation): void {
    this.window.push(observation.key);
  }

  protected override chosen(rule: VoteRule): string | null {
    return this.unanimousKey ?? super.chosen(rule);
  }

  protected voteRule(): VoteRule {
    return this.rule;
  }
}
