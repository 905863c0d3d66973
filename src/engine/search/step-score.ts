// Scoring steps as step-level search writes them: only the steps not scored yet are judged (each with
// the chain before it as context), and each score and verdict goes on its step node at once, so the tree
// shows why a branch was kept or pruned. A judgement that fails or finds no budget leaves the step at
// the neutral score and says so: the search goes on rather than losing the branch to a verifier hiccup.
import type { NodeUsage } from '../../protocol/tree';
import { BudgetExhaustedError, MeteredCallError } from '../budget/metered';
import { describeModelError } from '../model/errors';
import { aggregateScores } from '../verify/aggregate';
import type { StepJudgement, Verifier } from '../verify/types';
import { NEUTRAL_SCORE } from '../verify/yes-no';
import type { PartialChain } from './partial-chain';
import { stepsForVerifier, withScores } from './partial-chain';
import type { SearchContext } from './types';

export interface ScoredChain {
  readonly chain: PartialChain;
  /** The chain's aggregate (options.aggregation) over all its step scores. */
  readonly score: number;
  /** Judgements that failed (neutral score used). */
  readonly unscored: number;
}

/** Scores the steps of `chain` from index `from` on (default: every step without a score). */
export async function scoreNewSteps(context: SearchContext, chain: PartialChain, from = chain.scores.length): Promise<ScoredChain> {
  const { verifier, tree, signal, options } = context;
  if (!verifier) throw new Error('step-level search needs a verifier');
  const shown = stepsForVerifier(chain, options.verifierSeesThinking ?? false);
  const scores = chain.scores.slice(0, from);
  let unscored = 0;
  const judged = await Promise.all(
    chain.steps.slice(from).map(async (_, offset) => {
      const index = from + offset;
      const id = chain.stepIds[index];
      try {
        const judgement = await judgeOne(verifier, context.problem, shown, index, signal);
        if (id) tree.update(id, { score: judgement.score, verdict: judgement.verdict, usage: addUsage(tree.get(id)?.usage, judgement.usage) });
        return judgement.score;
      } catch (error) {
        unscored += 1;
        if (id && !tree.finished) {
          const why = signal.aborted
            ? 'cancelled'
            : error instanceof BudgetExhaustedError
              ? 'no budget left for verification'
              : describeModelError(error instanceof MeteredCallError ? error.original : error);
          tree.update(id, { verdict: `not scored (${why}); neutral ${NEUTRAL_SCORE}` });
        }
        return NEUTRAL_SCORE;
      }
    }),
  );
  scores.push(...judged);
  const scored = withScores(chain, scores);
  return { chain: scored, score: aggregateScores(scores, options.aggregation) ?? NEUTRAL_SCORE, unscored };
}

/** One step's judgement: the verifier's own single-step scoring, or its whole-chain scoring cut to the step. */
async function judgeOne(verifier: Verifier, problem: string, steps: readonly string[], index: number, signal: AbortSignal): Promise<StepJudgement> {
  if (verifier.scoreStep) return verifier.scoreStep(problem, steps, index, signal);
  const all = await verifier.scoreSteps(problem, steps.slice(0, index + 1), signal);
  const judgement = all.judgements[index];
  if (!judgement) throw new Error(`the verifier returned no judgement for step ${index + 1}`);
  return judgement;
}

/** A step node carries its generation's usage plus the cost of judging it. */
function addUsage(a: NodeUsage | undefined, b: NodeUsage): NodeUsage {
  if (!a) return { ...b };
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    generatedTokens: a.generatedTokens + b.generatedTokens,
    calls: a.calls + b.calls,
    wallMs: a.wallMs + b.wallMs,
  };
}
