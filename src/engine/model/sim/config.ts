// Every knob of the simulated reasoner, with its default. docs/simulator.md says why each default is what
// it is and what accuracy it produces (bench/sim-calibration.ts measures it).
import type { Operator } from './rational';

export interface SimParams {
  // ---- Random mistakes (sampling noise; none at temperature 0) ----
  /** P(mistake) for the easiest step (one-digit addition, first step of a one-step chain) at `referenceTemperature`. */
  readonly stepErrorRate: number;
  /** Temperature at which the error rates above hold; the random rate scales linearly with T/referenceTemperature. */
  readonly referenceTemperature: number;
  /** Relative growth of the error rate per step later in the chain (the model loses track). */
  readonly positionGrowth: number;
  /** Relative growth of every step's error rate per extra operation in the problem (longer problems are harder throughout). */
  readonly lengthGrowth: number;
  /** Factor per extra digit of the largest number in the step (operands or result). */
  readonly digitGrowth: number;
  /** Relative difficulty of each operation. */
  readonly operatorWeights: Readonly<Record<Operator, number>>;
  /** Extra factor per digit beyond the first of the shorter factor (×) or of the divisor / quotient (÷). */
  readonly longOperationGrowth: number;
  /** Cap on any step's error probability. */
  readonly maxStepErrorRate: number;
  /** Relative frequency of the kinds of random mistake. */
  readonly mistakeMix: Readonly<{ slip: number; misread: number; skip: number }>;

  // ---- Systematic mistakes ("traps") ----
  /** Trap hazard per unit of summed step hazard: P(trap) = 1 − exp(−trapRate · Σ hazard). */
  readonly trapRate: number;
  /** Range of a trap's strength: the model's own probability (at T = 1) of taking the wrong path at the trap step. */
  readonly trapStrengthMin: number;
  readonly trapStrengthMax: number;
  /** Relative frequency of the kinds of trap. */
  readonly trapMix: Readonly<{ slip: number; misread: number; skip: number }>;

  // ---- The step judge (verification requests) ----
  /**
   * The judge's accuracy on a balanced set of correct and incorrect steps: the probability that its P(yes)
   * is on the right side of 0.5, averaged over the two kinds of step (traps aside).
   */
  readonly judgeAccuracy: number;
  /** How much more often it is right on correct steps than on incorrect ones: accuracy ± leniency. */
  readonly judgeLeniency: number;
  /** Its accuracy on an incorrect step at the problem's trap (the judge shares the solver's blind spot). */
  readonly judgeAccuracyOnTrap: number;
  /** Standard deviation of the judge's yes-logit, in nats: larger means more confident, more extreme P(yes). */
  readonly judgeSpread: number;
  /** Probability mass of first tokens that are neither Yes nor No ("The", "Step", "**", …). */
  readonly judgeOffTopicMass: number;

  // ---- Revisions (revision requests, mode-revise.ts) ----
  /** P(a revision finds the first wrong step of the attempt it revises and solves on from there). */
  readonly reviseFixRate: number;
  /** The same when that step is the problem's trap (the model shares its own blind spot). */
  readonly reviseFixRateAtTrap: number;
  /** P(a revision of a correct attempt changes one step into a mistake: a right answer turned wrong). */
  readonly reviseBreakRate: number;

  // ---- Thinking (thinking-trace.ts): a reasoning trace when asked to think with a budget ----
  /** Write the full reasoning trace whenever thinking is on, budget or not (a thinking model such as Qwen3). */
  readonly thinkingModel: boolean;
  /** Trace tokens every problem wants, on top of the per-hazard part. */
  readonly thinkBaseTokens: number;
  /** Trace tokens wanted per unit of the problem's summed step hazard (harder problems want longer traces). */
  readonly thinkTokensPerHazard: number;
  /** Log-normal spread (σ) of a sample's trace length around the problem's typical length. */
  readonly thinkLengthSpread: number;
  /** Share of the error probability (random mistakes and the trap) a very long trace removes, in [0, 1]. */
  readonly thinkGain: number;
  /** The natural trace spans this many time constants: it buys 1 − e^(−thinkSaturation) of the gain. */
  readonly thinkSaturation: number;

  // ---- Serving (used by SimulatedModel and the stand-in server, not by respond()) ----
  /** Simulated time per generated token, ms. 0: as fast as possible. */
  readonly tokenLatencyMs: number;
  /** Simulated time per prompt token evaluated, ms. */
  readonly promptTokenLatencyMs: number;
}

export type SimConfig = Partial<SimParams>;

export const DEFAULT_SIM_PARAMS: SimParams = {
  stepErrorRate: 0.015,
  referenceTemperature: 0.7,
  positionGrowth: 0.06,
  lengthGrowth: 0.03,
  digitGrowth: 1.2,
  operatorWeights: { '+': 1, '-': 1.15, '×': 1.6, '÷': 1.4 },
  longOperationGrowth: 1.2,
  maxStepErrorRate: 0.6,
  mistakeMix: { slip: 0.6, misread: 0.2, skip: 0.2 },

  trapRate: 0.045,
  trapStrengthMin: 0.2,
  trapStrengthMax: 0.9,
  trapMix: { slip: 0.5, misread: 0.3, skip: 0.2 },

  judgeAccuracy: 0.78,
  judgeLeniency: 0.07,
  judgeAccuracyOnTrap: 0.35,
  judgeSpread: 1.6,
  judgeOffTopicMass: 0.04,

  reviseFixRate: 0.4,
  reviseFixRateAtTrap: 0.1,
  reviseBreakRate: 0.1,

  thinkingModel: false,
  thinkBaseTokens: 150,
  thinkTokensPerHazard: 45,
  thinkLengthSpread: 0.35,
  thinkGain: 0.75,
  thinkSaturation: 3,

  tokenLatencyMs: 0,
  promptTokenLatencyMs: 0,
};

/** Defaults overridden by `config`; rejects values outside their meaning (probabilities outside 0..1, …). */
export function resolveSimParams(config: SimConfig = {}): SimParams {
  const params: SimParams = { ...DEFAULT_SIM_PARAMS, ...config };
  const probabilities: (keyof SimParams)[] = [
    'stepErrorRate',
    'maxStepErrorRate',
    'trapStrengthMin',
    'trapStrengthMax',
    'judgeAccuracy',
    'judgeAccuracyOnTrap',
    'judgeOffTopicMass',
    'reviseFixRate',
    'reviseFixRateAtTrap',
    'reviseBreakRate',
    'thinkGain',
  ];
  for (const key of probabilities) {
    const value = params[key];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new RangeError(`sim config ${key} must be within 0..1`);
  }
  const { onCorrect, onIncorrect } = judgeAccuracies(params);
  for (const accuracy of [onCorrect, onIncorrect, params.judgeAccuracyOnTrap]) {
    if (accuracy <= 0 || accuracy >= 1) {
      throw new RangeError('sim config judge accuracies (judgeAccuracy ± judgeLeniency, judgeAccuracyOnTrap) must be strictly between 0 and 1');
    }
  }
  if (params.trapStrengthMin > params.trapStrengthMax) throw new RangeError('sim config trapStrengthMin exceeds trapStrengthMax');
  if (!(params.referenceTemperature > 0)) throw new RangeError('sim config referenceTemperature must be positive');
  if (params.judgeOffTopicMass >= 1) throw new RangeError('sim config judgeOffTopicMass must be below 1');
  if (!(params.thinkSaturation > 0)) throw new RangeError('sim config thinkSaturation must be positive');
  if (typeof params.thinkingModel !== 'boolean') throw new RangeError('sim config thinkingModel must be true or false');
  for (const key of ['positionGrowth', 'lengthGrowth', 'trapRate', 'judgeSpread', 'tokenLatencyMs', 'promptTokenLatencyMs', 'thinkBaseTokens', 'thinkTokensPerHazard', 'thinkLengthSpread'] as const) {
    if (!(params[key] >= 0)) throw new RangeError(`sim config ${key} must be a number ≥ 0`);
  }
  if (!(params.digitGrowth >= 1) || !(params.longOperationGrowth >= 1)) {
    throw new RangeError('sim config digitGrowth and longOperationGrowth must be ≥ 1');
  }
  return params;
}

/** The judge's accuracy on correct and on incorrect steps. */
export function judgeAccuracies(params: SimParams): { onCorrect: number; onIncorrect: number } {
  return { onCorrect: params.judgeAccuracy + params.judgeLeniency, onIncorrect: params.judgeAccuracy - params.judgeLeniency };
}
