// Small helpers shared by the simulated-reasoner tests.
import { respond } from '../../../src/engine/model/sim/reasoner';
import type { SimConfig } from '../../../src/engine/model/sim/config';
import type { SimRequest, SimResponse } from '../../../src/engine/model/sim/types';
import { readBoxed } from '../../../src/engine/model/sim/step-text';
import { solveMessages } from '../../../src/engine/prompts/solve';

export function visibleText(response: SimResponse): string {
  return response.tokens.filter((t) => !t.thinking).map((t) => t.text).join('');
}

export function thinkingText(response: SimResponse): string {
  return response.tokens.filter((t) => t.thinking).map((t) => t.text).join('');
}

/** One full solution of `problem`, as text. */
export function solve(problem: string, request: Partial<SimRequest> = {}, config?: SimConfig): string {
  return visibleText(respond({ messages: solveMessages(problem), temperature: 0.7, maxTokens: -1, ...request }, config));
}

/** The boxed answer of a solution, as a plain number string (`12`, `-8/3`), or undefined. */
export function answerOf(solution: string): string | undefined {
  return readBoxed(solution)?.toString();
}
