// Verification requests (prompts/verify.ts): "Is step N correct …? Answer Yes or No." The answer is one
// token whose alternatives carry the judge's belief across the usual spellings of Yes and No, plus a
// little mass on unrelated tokens. At temperature 0 the most likely token is written; above 0 the token is
// sampled from the distribution sharpened or flattened by the temperature, so sampling the judgement
// many times estimates the same P(yes).
import { askedStepNumber } from '../../prompts/verify';
import type { SimParams } from './config';
import type { Draft, SimMode, WeightedText } from './draft';
import { judgeStep } from './judge';
import { promptParts, readStepSections } from './messages';
import { hashUnit, Rng } from './random';
import { readEquation } from './step-text';

/** Shares of each word's probability across spellings (first-token variants of real tokenisers). */
const YES_SPELLINGS: readonly (readonly [string, number])[] = [['Yes', 0.8], [' Yes', 0.09], ['yes', 0.05], [' yes', 0.03], ['YES', 0.03]];
const NO_SPELLINGS: readonly (readonly [string, number])[] = [['No', 0.8], [' No', 0.09], ['no', 0.05], [' no', 0.03], ['NO', 0.03]];
/** First tokens that say neither, and how the answer goes on after them. */
const OFF_TOPIC: readonly (readonly [string, (verdict: 'Yes' | 'No', step: number) => string])[] = [
  ['The', (v) => ` step is ${v === 'Yes' ? 'correct' : 'incorrect'}.`],
  ['Step', (v, n) => ` ${n} is ${v === 'Yes' ? 'correct' : 'incorrect'}.`],
  ['**', (v) => `${v}**`],
  ['I', (v) => ` would say ${v}.`],
  ['To', (v) => ` check it: ${v === 'Yes' ? 'the step is correct' : 'the step is wrong'}.`],
  ['Let', (v) => ` me check. ${v}.`],
  ['This', (v) => ` step is ${v === 'Yes' ? 'correct' : 'incorrect'}.`],
  ['\n', (v) => v],
  ['In', (v) => ` short, ${v}.`],
  ['We', (v) => ` can check it: ${v}.`],
];

export const verifyMode: SimMode = {
  name: 'verify',
  draft({ request, seed, params }) {
    const { user, problem } = promptParts(request.messages);
    if (user === undefined || problem === undefined) return undefined;
    const stepNumber = askedStepNumber(user);
    if (stepNumber === undefined) return undefined;
    const steps = readStepSections(user, stepNumber);
    const judgement = judgeStep(problem, steps, stepNumber, params);
    const options = answerDistribution(judgement.pYes, params, judgement.key);
    const rng = new Rng('verify', seed, judgement.key);
    const chosen = sampleToken(options, request.temperature, rng);
    const verdict: 'Yes' | 'No' = rng.chance(judgement.pYes) ? 'Yes' : 'No';
    const rest = OFF_TOPIC.find(([token]) => token === chosen)?.[1](verdict, stepNumber) ?? '';
    const shown = steps[stepNumber - 1] ?? '';
    const equation = readEquation(shown);
    const claim = equation ? `${equation.a.toString()} ${equation.op} ${equation.b.toString()} = ${equation.result.toString()}` : 'no calculation';
    const thinking =
      `Step ${stepNumber} states ${claim}. I check its operation against the problem and its numbers against ` +
      `the steps before it, then its arithmetic.`;
    const draft: Draft = { thinking, answer: chosen + rest, choices: [{ at: 0, options }] };
    return draft;
  },
};

/** The full first-token distribution, best first. Small content-fixed jitter keeps it from looking canned. */
export function answerDistribution(pYes: number, params: SimParams, key: string): WeightedText[] {
  const onTopic = 1 - params.judgeOffTopicMass;
  const options: WeightedText[] = [];
  const spread = (spellings: typeof YES_SPELLINGS, mass: number, tag: string): void => {
    const jittered = spellings.map(([text, share], i) => [text, share * (0.8 + 0.4 * hashUnit(key, tag, i))] as const);
    const total = jittered.reduce((sum, [, share]) => sum + share, 0);
    for (const [text, share] of jittered) options.push({ text, probability: (mass * share) / total });
  };
  spread(YES_SPELLINGS, onTopic * pYes, 'yes');
  spread(NO_SPELLINGS, onTopic * (1 - pYes), 'no');
  const weights = OFF_TOPIC.map((_, i) => 0.5 ** i * (0.5 + hashUnit(key, 'off', i)));
  const total = weights.reduce((sum, w) => sum + w, 0);
  OFF_TOPIC.forEach(([text], i) => options.push({ text, probability: (params.judgeOffTopicMass * (weights[i] ?? 0)) / total }));
  return options.sort((a, b) => b.probability - a.probability);
}

/** Temperature 0: the most likely token. Otherwise a draw from p^(1/T), renormalised. */
export function sampleToken(options: readonly WeightedText[], temperature: number, rng: Rng): string {
  const first = options[0];
  if (!first) return '';
  if (temperature <= 0) return first.text;
  const weights = options.map((o) => o.probability ** (1 / temperature));
  return options[rng.weighted(weights)]?.text ?? first.text;
}
