// Solving requests (prompts/solve.ts): the problem from the `<problem>` section, and the steps so far from
// a trailing assistant message, which the model continues. It writes one paragraph per operation,
// separated by a blank line, the last one ending with the boxed answer.
import { splitSteps, STEP_DELIMITER } from '../../prompts/solve';
import { EMPTY_CHAIN, readChain, type ChainState } from './chain-reader';
import type { Choice, SimMode } from './draft';
import { promptParts } from './messages';
import { solvePlan, type Plan } from './plan';
import { Rng } from './random';
import { continueChain } from './solver';
import { thinkingFor, traceText } from './thinking-trace';
import { trapOf } from './traps';
import { readProblem } from './understand';

export const solveMode: SimMode = {
  name: 'solve',
  draft({ request, seed, params }) {
    const { problem, prefix } = promptParts(request.messages);
    if (problem === undefined) return undefined;
    const plan = readProblem(problem);
    const correct = plan && solvePlan(plan);
    if (!plan || !correct) return undefined;

    const written = splitSteps(prefix);
    const state = written.length > 0 ? readChain(plan, written).state : EMPTY_CHAIN;
    if (state.finished) return { thinking: 'The solution already ends with its answer.', answer: '', choices: [] };

    // A reasoning trace (when asked to think with a budget, or as a thinking model) makes mistakes rarer.
    const reasoning = thinkingFor(request, plan, correct, params, seed);
    const steps = continueChain({
      plan,
      state,
      trap: trapOf(plan, correct, params),
      temperature: request.temperature,
      params,
      rng: new Rng('solve', seed, plan.key, prefix),
      ...(reasoning ? { errorScale: reasoning.errorScale } : {}),
    });
    // Continue the prefix as a new paragraph, whatever whitespace it ended with.
    const lead = prefix.trim() === '' || prefix.endsWith(STEP_DELIMITER) ? '' : prefix.endsWith('\n') ? '\n' : STEP_DELIMITER;
    let answer = lead;
    const choices: Choice[] = [];
    steps.forEach((step, i) => {
      if (i > 0) answer += STEP_DELIMITER;
      if (step.resultAt >= 0 && step.resultOptions.length > 0) {
        choices.push({ at: answer.length + step.resultAt, options: step.resultOptions });
      }
      answer += step.text;
    });
    if (reasoning) {
      return { thinking: traceText(plan, correct, reasoning.tokens, seed), answer, choices, ...(reasoning.outcome ? { thinkingOutcome: reasoning.outcome } : {}) };
    }
    return { thinking: outlineFor(plan, state), answer, choices };
  },
};

function outlineFor(plan: Plan, state: ChainState): string {
  const remaining = plan.ops.length - (state.lastOp + 1);
  const outline = plan.ops
    .slice(state.lastOp + 1)
    .map((op) => {
      const show = (o: typeof op.left): string => (o.kind === 'literal' ? o.value.toString() : 'the result so far');
      return op.left.kind === 'literal' && op.right.kind === 'literal' ? `${show(op.left)} ${op.op} ${show(op.right)}` : `${op.op} ${show(op.right)}`;
    })
    .join(', then ');
  const start =
    state.stepsWritten === 0
      ? `I need ${plan.goal}.`
      : `I need ${plan.goal}; ${state.stepsWritten} step${state.stepsWritten === 1 ? ' is' : 's are'} already written.`;
  if (remaining <= 0) return `${start} Every operation is done; only the answer is left to state.`;
  return `${start} ${remaining} operation${remaining === 1 ? '' : 's'} to go: ${outline}. One step per operation, and I keep each result for the next step.`;
}
