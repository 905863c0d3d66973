// A chain under construction in step-level search: the steps written so far, the tree node of each, their
// verifier scores and thinking traces. Immutable: extending a chain gives a new one, so sibling expansions
// of one beam never see each other's steps.

export interface PartialChain {
  /** The node the chain ends on (the problem node for the empty chain). */
  readonly tipId: string;
  readonly steps: readonly string[];
  readonly stepIds: readonly string[];
  /** Verifier score of each step (NEUTRAL_SCORE where scoring failed). */
  readonly scores: readonly number[];
  /** Thinking trace written with each step ('' when none). */
  readonly thinking: readonly string[];
  /** Subtree (DVTS) or chain index, shown as the nodes' `sample`. */
  readonly group: number;
}

export function emptyChain(rootId: string, group: number): PartialChain {
  return { tipId: rootId, steps: [], stepIds: [], scores: [], thinking: [], group };
}

export function extendChain(chain: PartialChain, steps: readonly string[], stepIds: readonly string[], thinking: string): PartialChain {
  const tipId = stepIds.at(-1) ?? chain.tipId;
  return {
    tipId,
    steps: [...chain.steps, ...steps],
    stepIds: [...chain.stepIds, ...stepIds],
    scores: chain.scores,
    // The trace belongs to the first step of the call that produced it.
    thinking: [...chain.thinking, ...steps.map((_, i) => (i === 0 ? thinking : ''))],
    group: chain.group,
  };
}

export function withScores(chain: PartialChain, scores: readonly number[]): PartialChain {
  return { ...chain, scores };
}

/**
 * The steps as the verifier is shown them: the visible text only, or with each step's thinking trace
 * before it when `showThinking` is on.
 */
export function stepsForVerifier(chain: Pick<PartialChain, 'steps' | 'thinking'>, showThinking: boolean): string[] {
  if (!showThinking) return [...chain.steps];
  return chain.steps.map((step, i) => {
    const trace = chain.thinking[i]?.trim();
    return trace ? `(thinking) ${trace}\n${step}` : step;
  });
}
