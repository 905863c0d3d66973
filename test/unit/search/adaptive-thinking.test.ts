// Adaptive mode with a policy that sets thinking per bin: the probe samples with the probe's setting, the
// bin's samples with the bin's (think and the budget on every request, the trace's room on the cap), the
// bin votes over its own samples when it thinks otherwise than the probe, and the tree says what was chosen
// for which bin and why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import type { GenerationEvent, GenerationRequest, LanguageModel, ModelCapabilities } from '../../../src/engine/model/types';
import { isSolveRequest } from '../../../src/engine/prompts/solve';
import { solve } from '../../../src/engine/solve';
import { DEFAULT_POLICY, parsePolicy, PolicyError } from '../../../src/engine/stopping/policy';
import type { Policy, PolicyBin } from '../../../src/engine/stopping/policy';
import { nodesOf, simProblem } from './helpers';

/** The simulated reasoner, with every generation request kept. */
class Recording implements LanguageModel {
  readonly label = 'recording simulated reasoner';
  readonly requests: GenerationRequest[] = [];
  private readonly inner = new SimulatedModel();
  constructor(private readonly thinks = true) {}
  generate(request: GenerationRequest, signal: AbortSignal): AsyncGenerator<GenerationEvent> {
    this.requests.push(request);
    return this.inner.generate(request, signal);
  }
  async capabilities(signal: AbortSignal): Promise<ModelCapabilities> {
    return { ...(await this.inner.capabilities(signal)), thinking: this.thinks };
  }
}

/** A request to solve (not a judgement): its last user message holds the problem to solve. */
const solving_ = (r: GenerationRequest): boolean => isSolveRequest(r.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '');

const thinkingBin = (budget: number): PolicyBin => ({ think: { mode: 'on', budget }, strategy: 'posterior', params: { vote: 'majority' }, budgetShare: 1, stopThreshold: 0.95 });
const policy: Policy = {
  ...DEFAULT_POLICY,
  probe: { samples: 4, think: { mode: 'off' } },
  bins: [thinkingBin(300), thinkingBin(300), thinkingBin(300), thinkingBin(300), thinkingBin(300)],
  meta: { thinkReasons: { '1': 'reason one', '2': 'reason two', '3': 'reason three', '4': 'reason four', '5': 'reason five' } },
};

test('the probe does not think; the bin thinks with its budget on every request, and the tree says which bin and why', async () => {
  const model = new Recording();
  const problem = simProblem(4, 5);
  const result = await solve(problem.problem, { model, samples: 8, seed: 2, strategy: 'adaptive', policy });
  const solving = model.requests.filter(solving_);
  const probe = solving.slice(0, 4);
  const bin = solving.slice(4);
  for (const r of probe) assert.equal(r.think, false, 'the probe samples without thinking');
  assert.ok(bin.length > 0, 'the bin drew samples');
  for (const r of bin) {
    assert.equal(r.think, true);
    assert.deepEqual(r.thinkingBudget, { maxTokens: 300 });
  }
  assert.ok((bin[0]?.maxTokens ?? 0) >= (probe[0]?.maxTokens ?? 0) + 300, 'the trace gets room on top of the answer');
  const binNumber = Number(result.tree.decisions.find((d) => d.kind === 'difficulty')?.data?.bin);
  const decision = result.tree.decisions.find((d) => d.data?.thinkBudget === 300 && d.data?.bin === binNumber);
  assert.ok(decision, 'a decision records the bin and its thinking budget');
  assert.match(decision.message, new RegExp(`^bin ${binNumber}: thinking \\(budget 300 tokens per sample\\); reason`));
  assert.equal(decision.data?.thinkMode, 'on');
  assert.ok(nodesOf(result.tree, 'decision').some((n) => n.text === decision.message), 'shown as a node too');
  assert.ok(result.tree.decisions.some((d) => d.message.startsWith('the probe: no thinking')));
  // The answer comes from the thinking samples only: the probe measured difficulty.
  const answers = result.tree.answers.reduce((sum, a) => sum + a.votes, 0);
  assert.equal(answers, bin.length - result.tree.decisions.filter((d) => d.kind === 'warning').length);
});

test('a model that cannot think samples without, and the tree says so', async () => {
  const model = new Recording(false);
  const result = await solve(simProblem(2, 2).problem, { model, samples: 8, seed: 2, strategy: 'adaptive', policy });
  const solving = model.requests.filter(solving_);
  for (const r of solving.slice(4)) assert.equal(r.thinkingBudget, undefined);
  assert.ok(result.tree.decisions.some((d) => d.kind === 'warning' && /cannot think: it samples without thinking/.test(d.message)));
});

test('think settings are checked, with the path and what is allowed', () => {
  const json = (think: unknown) => ({ version: 1, probe: { samples: 4 }, difficulty: { scoreWeight: 0.5, cuts: [0.2, 0.4, 0.6, 0.8] }, bins: Object.fromEntries([1, 2, 3, 4, 5].map((b) => [String(b), { strategy: 'posterior', budgetShare: 1, stopThreshold: 0.9, ...(b === 3 ? { think } : {}) }])) });
  assert.deepEqual(parsePolicy(json({ mode: 'low', budget: 512 })).bins[2].think, { mode: 'low', budget: 512 });
  assert.deepEqual(parsePolicy(json({ mode: 'off' })).bins[2].think, { mode: 'off' });
  assert.throws(() => parsePolicy(json({ mode: 'loud' })), (e: unknown) => e instanceof PolicyError && /bins\.3\.think\.mode must be one of off, on, low, medium, high, got "loud"/.test(e.message));
  assert.throws(() => parsePolicy(json({ mode: 'off', budget: 100 })), /bins\.3\.think\.budget is for thinking: with mode "off"/);
  assert.throws(() => parsePolicy(json({ mode: 'on', budget: 0 })), /bins\.3\.think\.budget must be a whole number from 1/);
  assert.throws(() => parsePolicy(json({ mode: 'on', tokens: 5 })), /bins\.3\.think\.tokens is not a think setting/);
  assert.throws(() => parsePolicy({ ...json(undefined), probe: { samples: 4, think: 'off' } }), /probe\.think must be an object/);
});
