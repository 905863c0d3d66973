// A policy whose every difficulty bin stops at one threshold, with no run prior: tests that a policy's own
// thresholds reach a solve use one that neither the built-in policy nor any default has (0.7), and the prior
// off so that no earlier problem can settle a run during its probe, before it reaches a bin.
export function everyBinAt(stopThreshold: number): object {
  return {
    version: 1,
    probe: { samples: 4 },
    difficulty: { scoreWeight: 0.5, cuts: [0.2, 0.4, 0.6, 0.8] },
    bins: Object.fromEntries([1, 2, 3, 4, 5].map((bin) => [bin, { strategy: 'posterior', budgetShare: 1, stopThreshold }])),
    consistencyPrior: false,
  };
}
