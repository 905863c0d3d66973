// Sequential revisions (Snell et al. 2024): the model rewrites its solution with its earlier attempts in
// context. `revisionChains` chains run side by side (parallel), each `revisionLength` attempts long
// (sequential): the first attempt is an ordinary solution, each later one a revision node whose steps
// and answer hang below it, under the attempt it revises. Revisions can turn a right answer wrong, so the
// last revision is not simply taken: the answer is chosen among every attempt of every chain, by
// verifier-weighted vote ('verifier') or by majority vote ('vote').
import { reviseMessages } from '../prompts/revise';
import { solveMessages } from '../prompts/solve';
import { scoreChain } from './chain-score';
import { choose } from './choose';
import { generateChain } from './full-chain';
import type { RevisionSettings } from './params';
import { revisionSettings } from './params';
import { runPool } from './pool';
import type { Vote } from './tally';
import { tallyVotes } from './tally';
import type { SampleCounts, SearchContext, SearchOutcome, StopReason, StrategyDefinition } from './types';

/** Steps assumed per chain when setting aside tokens for verifying the attempts (as weighted.ts). */
const ASSUMED_STEPS_PER_CHAIN = 12;
const MAX_VERIFY_SHARE = 0.25;

export async function sequentialRevisions(context: SearchContext, settings: RevisionSettings = revisionSettings(context.options), tokenCeiling?: number): Promise<SearchOutcome> {
  const { tree, ledger, options, signal, verifier } = context;
  const select = settings.select === 'verifier' && verifier ? 'verifier' : 'vote';
  const total = settings.chains * settings.length;
  tree.decide({
    kind: 'strategy',
    message:
      `sequential revisions: ${settings.chains} chain${settings.chains === 1 ? '' : 's'} of ${settings.length} attempts ` +
      `(up to ${settings.context} earlier attempts in context), answer chosen among all attempts by ${select === 'verifier' ? 'verifier-weighted vote' : 'majority vote'}`,
    data: { chains: settings.chains, length: settings.length, context: settings.context, select },
  });
  const ceilingKeep = tokenCeiling === undefined ? 0 : Math.max(0, ledger.tokenCap - Math.floor(tokenCeiling));
  const verifyAllowance =
    select === 'verifier' && verifier ? Math.min(Math.floor(ledger.tokenCap * MAX_VERIFY_SHARE), total * verifier.tokensPerStep * ASSUMED_STEPS_PER_CHAIN) : 0;
  const keep = () => ceilingKeep + Math.max(0, verifyAllowance - ledger.committed('verify'));
  const votes: (Vote & { order: number })[] = [];
  const counts: SampleCounts = { requested: total, answered: 0, unanswered: 0, failed: 0, cancelled: 0, notStarted: 0 };
  let outOfBudget = false;
  let firstError: unknown;
  const scoring: Promise<void>[] = [];

  const runChain = async (chain: number): Promise<void> => {
    const attempts: string[] = [];
    let previousAnswerId: string | undefined;
    for (let attempt = 0; attempt < settings.length; attempt++) {
      if (signal.aborted || outOfBudget) break;
      if (ledger.available - keep() < options.minTokensPerSample) {
        outOfBudget = true;
        break;
      }
      const order = attempt * settings.chains + chain;
      let parentId = tree.rootId;
      let revisionId: string | undefined;
      if (attempt > 0 && previousAnswerId) {
        const shown = Math.min(settings.context, attempts.length);
        revisionId = tree.add({
          parentId: previousAnswerId,
          kind: 'revision',
          sample: chain,
          text: `Revision ${attempt} of chain ${chain + 1}: the model rewrites its solution given its last ${shown === 1 ? 'attempt' : `${shown} attempts`}`,
        });
        parentId = revisionId;
      }
      const messages = attempt === 0 ? solveMessages(context.problem) : reviseMessages(context.problem, attempts.slice(-settings.context));
      const outcome = await generateChain(context, { parentId, messages, seed: options.seed + order, sample: chain, reserve: { keep: keep() } });
      if (outcome.kind === 'no-budget' || outcome.kind === 'cancelled' || outcome.kind === 'failed') {
        if (outcome.kind === 'no-budget') outOfBudget = true;
        if (outcome.kind === 'failed') {
          counts.failed += 1;
          firstError ??= outcome.error;
        }
        if (outcome.kind === 'cancelled') counts.cancelled += 1;
        if (revisionId && outcome.kind === 'no-budget') tree.update(revisionId, { status: 'failed', reason: 'not written: the token budget ran out' });
        else if (revisionId) tree.update(revisionId, { status: 'failed', reason: outcome.kind === 'cancelled' ? 'cancelled' : 'the revision failed' });
        break;
      }
      attempts.push(outcome.text);
      previousAnswerId = outcome.answerNodeId;
      if (outcome.kind === 'unanswered') {
        counts.unanswered += 1;
        continue;
      }
      counts.answered += 1;
      const completed = outcome;
      if (select === 'verifier') {
        // Scoring runs beside the next revision, which does not need it.
        scoring.push(
          scoreChain(context, completed, outcome.thinking).then(({ score }) => {
            votes.push({ answer: completed.answer, nodeId: completed.answerNodeId, weight: score, order });
          }),
        );
      } else votes.push({ answer: completed.answer, nodeId: completed.answerNodeId, weight: 0, order });
    }
  };

  await runPool(settings.chains, options.parallelism, runChain, () => signal.aborted || outOfBudget);
  await Promise.all(scoring);
  const attempted = counts.answered + counts.unanswered + counts.failed + counts.cancelled;
  counts.notStarted = total - attempted;
  if (attempted > 0 && counts.failed === attempted && !signal.aborted) throw firstError;
  if (outOfBudget && !signal.aborted) {
    tree.decide({
      kind: 'stop',
      message: `the token budget ran out after ${attempted} of ${total} attempts`,
      data: { attempts: attempted, requested: total, tokenCap: ledger.tokenCap },
    });
  }
  votes.sort((a, b) => a.order - b.order);
  const tallies = tallyVotes(votes, (a, b) => context.answers.equivalent(a, b), select === 'verifier' ? 'weight' : 'votes');
  const stopReason: StopReason = signal.aborted ? 'cancelled' : outOfBudget ? 'budget' : 'completed';
  const how = `${select === 'verifier' ? 'verifier-weighted vote' : 'majority vote'} over ${votes.length} attempts of ${settings.chains} revision chain${settings.chains === 1 ? '' : 's'}`;
  const choice = choose(context, tallies, how, stopReason);
  return { ...choice, answers: tallies, stopReason, samples: counts };
}

export const REVISIONS: StrategyDefinition = {
  name: 'revisions',
  description: 'sequential revisions: chains of attempts, each revising the ones before, the answer chosen among all attempts',
  needsVerifier: true,
  run: (context) => sequentialRevisions(context),
};
