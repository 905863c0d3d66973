// Which problems the simulated reasoner can solve: an arithmetic expression, or a word problem of its own
// grammar. Everything else it declines (see the demo-model message).
import { readExpressionProblem } from './expression';
import { solvePlan, type Plan } from './plan';
import { readWordProblem } from './word-problems';

/** Beyond this the reasoner declines, as it would be no demonstration of anything. */
const MAX_OPERATIONS = 40;

export function readProblem(problem: string): Plan | undefined {
  const plan = readExpressionProblem(problem) ?? readWordProblem(problem);
  if (!plan || plan.ops.length > MAX_OPERATIONS) return undefined;
  return solvePlan(plan) ? plan : undefined;
}
