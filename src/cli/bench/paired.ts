// Two settings compared run by run on the same problems (paired): the gain in correct runs of one over the
// other, summed per problem so that the repeats of one problem do not count as independent evidence, and the
// one-sided 95% lower bound of that gain, which the fit's rules hold against zero or a tolerance.

/** One-sided 95%: a change counts as real when its lower bound clears the bar. */
export const Z = 1.645;

export class PairedGain {
  private gain = 0;
  private spread = 0;

  /** Adds one problem's difference in correct runs (over its repeats): this setting's minus the other's. */
  addProblem(diff: number): void {
    this.gain += diff;
    this.spread += diff * diff;
  }

  /** The lower one-sided 95% bound of the summed gain. */
  lowerBound(): number {
    return this.gain - Z * Math.sqrt(this.spread);
  }
}
