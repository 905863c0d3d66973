// The chain behind the chosen answer, condensed for a hover or a chat reply: the highest-scoring answer
// node that holds the chosen answer, and the steps from the problem down to it.
import type { TreeNode, TreeSnapshot } from './tree';

export interface ChainStep {
  text: string;
  score?: number;
  /** The step's thinking, as counted: tokens and how it ended under a budget (see shared/thinking-summary). */
  thinking?: Pick<TreeNode, 'thinkingTokens' | 'thinkingBudget' | 'thinkingEnding' | 'thinkingExtensions' | 'thinkingLimit'>;
}

export interface BestChain {
  steps: ChainStep[];
  /** The chain's aggregate score (on its answer node). */
  score?: number;
}

const STEP_KINDS = new Set<TreeNode['kind']>(['step', 'revision']);

/** Only the counts: the trace itself stays in the tree (a hover or a chat reply has no room for it). */
function thinkingCounts(node: TreeNode): NonNullable<ChainStep['thinking']> {
  const { thinkingTokens, thinkingBudget, thinkingEnding, thinkingExtensions, thinkingLimit } = node;
  return {
    ...(thinkingTokens === undefined ? {} : { thinkingTokens }),
    ...(thinkingBudget === undefined ? {} : { thinkingBudget }),
    ...(thinkingEnding === undefined ? {} : { thinkingEnding }),
    ...(thinkingExtensions === undefined ? {} : { thinkingExtensions }),
    ...(thinkingLimit === undefined ? {} : { thinkingLimit }),
  };
}

export function bestChain(tree: TreeSnapshot): BestChain | undefined {
  const chosen = tree.chosenAnswer;
  if (chosen === undefined) return undefined;
  const byId = new Map(tree.nodes.map((node) => [node.id, node]));
  const candidates = tree.nodes.filter((node) => node.kind === 'answer' && node.answer === chosen && node.status !== 'failed');
  if (candidates.length === 0) return undefined;
  const best = candidates.reduce((a, b) => ((b.score ?? -1) > (a.score ?? -1) ? b : a));
  const steps: ChainStep[] = [];
  const seen = new Set<string>();
  for (let node: TreeNode | undefined = best; node && !seen.has(node.id); node = node.parentId ? byId.get(node.parentId) : undefined) {
    seen.add(node.id);
    if (STEP_KINDS.has(node.kind) && node.text.trim() !== '') {
      steps.push({ text: node.text, ...(node.score === undefined ? {} : { score: node.score }), ...(node.thinkingTokens === undefined ? {} : { thinking: thinkingCounts(node) }) });
    }
  }
  steps.reverse();
  return { steps, ...(best.score === undefined ? {} : { score: best.score }) };
}
