// Revision requests (prompts/revise.ts): the problem and earlier attempts, and a request for a corrected
// solution. The simulated model reads the most recent attempt against its own understanding of the
// problem and does what small models do when asked to revise without outside feedback:
// - a wrong attempt: with probability reviseFixRate (reviseFixRateAtTrap when the first wrong step is
//   at the problem's trap, where the model shares the blind spot) it finds the first wrong step, keeps
//   the steps before it and solves on from there, sampling as usual (so it can slip again); otherwise it
//   does not see the mistake and writes the attempt out again;
// - a correct attempt: with probability reviseBreakRate it second-guesses one step and changes it into
//   a mistake (a right answer turned wrong); otherwise it writes the attempt out again;
// - an attempt cut off before its answer: it keeps what is there and finishes it.
// docs/simulator.md says why the rates are what they are.
import { readAttempts, isRevisionRequest } from '../../prompts/revise';
import { splitSteps, STEP_DELIMITER } from '../../prompts/solve';
import type { ChainState } from './chain-reader';
import { EMPTY_CHAIN, readChain } from './chain-reader';
import type { SimParams } from './config';
import type { Choice, Draft, SimMode } from './draft';
import { promptParts } from './messages';
import type { Plan } from './plan';
import { solvePlan } from './plan';
import { Rng } from './random';
import type { WrittenStep } from './solver';
import { continueChain } from './solver';
import type { Trap } from './traps';
import { trapOf } from './traps';
import { readProblem } from './understand';

export const reviseMode: SimMode = {
  name: 'revise',
  draft({ request, seed, params }) {
    const { user, problem } = promptParts(request.messages);
    if (user === undefined || problem === undefined || !isRevisionRequest(user)) return undefined;
    const plan = readProblem(problem);
    const correct = plan && solvePlan(plan);
    if (!plan || !correct) return undefined; // the demo mode declines it
    const attempts = readAttempts(user);
    const attempt = splitSteps(attempts.at(-1) ?? '');
    const reading = readChain(plan, attempt);
    const rng = new Rng('revise', seed, plan.key, user);
    const trap = trapOf(plan, correct, params);
    const finalValue = correct.at(-1);
    const lastBoxed = [...reading.steps].reverse().find((s) => s.boxed !== undefined)?.boxed;
    const answeredRight = reading.state.finished && finalValue !== undefined && lastBoxed !== undefined && lastBoxed.equals(finalValue);
    const continueFrom = (kept: readonly string[], first?: WrittenStep): Draft =>
      assemble(kept, first, solveOn(plan, kept, first, trap, request.temperature, params, rng));
    const attemptLabel = `attempt ${attempts.length}`;

    if (!reading.state.finished) {
      return { ...continueFrom(attempt), thinking: `${capital(attemptLabel)} stops before its answer. I keep its steps and finish it.` };
    }
    if (answeredRight) {
      const breakable = reading.steps.flatMap((s, i) => (s.op === undefined ? [] : [i]));
      if (breakable.length > 0 && rng.chance(params.reviseBreakRate)) {
        const at = rng.pick(breakable);
        const kept = attempt.slice(0, at);
        const changed = forcedMistake(plan, kept, rng, params);
        if (changed) {
          return {
            ...continueFrom(kept, changed),
            thinking: `I check ${attemptLabel} step by step. Step ${at + 1} looks off to me, so I redo it and carry on from there.`,
          };
        }
      }
      return { ...copy(attempt), thinking: `I check ${attemptLabel} step by step. Every step holds, so I write it out again.` };
    }
    const firstWrong = reading.steps.findIndex((s) => s.correct === false);
    // An answer that is wrong although no step reads as wrong: the last step is where it went astray.
    const wrongAt = firstWrong >= 0 ? firstWrong : Math.max(0, attempt.length - 1);
    const wrongOp = reading.steps[wrongAt]?.op;
    const atTrap = trap !== undefined && wrongOp === trap.op;
    if (rng.chance(atTrap ? params.reviseFixRateAtTrap : params.reviseFixRate)) {
      return {
        ...continueFrom(attempt.slice(0, wrongAt)),
        thinking: `I check ${attemptLabel} step by step. Step ${wrongAt + 1} is wrong, so I keep the steps before it and solve on from there.`,
      };
    }
    return { ...copy(attempt), thinking: `I check ${attemptLabel} step by step. Every step looks right to me, so I write it out again.` };
  },
};

/** The rest of the chain after `kept` (and `first`, a step already decided), sampled as in solving. */
function solveOn(plan: Plan, kept: readonly string[], first: WrittenStep | undefined, trap: Trap | undefined, temperature: number, params: SimParams, rng: Rng): WrittenStep[] {
  const written = first ? [...kept, first.text] : [...kept];
  const state: ChainState = written.length > 0 ? readChain(plan, written).state : EMPTY_CHAIN;
  if (state.finished) return [];
  return continueChain({ plan, state, trap, temperature, params, rng });
}

/**
 * The step after `kept`, written with a mistake: the solver at a forced error rate of 1 for this one step
 * (a slip or a misread operation; a skip would not change a written step).
 */
function forcedMistake(plan: Plan, kept: readonly string[], rng: Rng, params: SimParams): WrittenStep | undefined {
  const state = kept.length > 0 ? readChain(plan, kept).state : EMPTY_CHAIN;
  const forced: SimParams = { ...params, stepErrorRate: 1e6, maxStepErrorRate: 1, mistakeMix: { slip: 0.6, misread: 0.4, skip: 0 } };
  const steps = continueChain({ plan, state, trap: undefined, temperature: params.referenceTemperature, params: forced, rng });
  const first = steps[0];
  return first?.mistake ? first : undefined;
}

/** The revision's text: kept steps verbatim, then the new ones; the new steps' results carry alternatives. */
function assemble(kept: readonly string[], first: WrittenStep | undefined, rest: readonly WrittenStep[]): Draft {
  const steps = first ? [first, ...rest] : rest;
  let answer = kept.join(STEP_DELIMITER);
  const choices: Choice[] = [];
  for (const step of steps) {
    if (answer.length > 0) answer += STEP_DELIMITER;
    if (step.resultAt >= 0 && step.resultOptions.length > 0) choices.push({ at: answer.length + step.resultAt, options: step.resultOptions });
    answer += step.text;
  }
  return { thinking: '', answer, choices };
}

function copy(attempt: readonly string[]): Draft {
  return { thinking: '', answer: attempt.join(STEP_DELIMITER), choices: [] };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
