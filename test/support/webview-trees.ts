// Synthetic reasoning trees for the webview's tests and benchmark: deterministic, any size.
import type { AnswerTally, TreeDelta, TreeNode, TreeSnapshot } from '../../src/protocol/tree';

export function node(id: string, parentId: string | null, depth: number, extra: Partial<TreeNode> = {}): TreeNode {
  return {
    id,
    parentId,
    kind: parentId === null ? 'problem' : 'step',
    status: 'done',
    text: parentId === null ? 'What is 12 * 13 + 4?' : `Step ${id}: compute the partial product.`,
    depth,
    usage: { promptTokens: 40, generatedTokens: 20, calls: 1, wallMs: 120 },
    ...extra,
  };
}

/** Deterministic scores in [0, 1] spread over all bands. */
function scoreOf(i: number): number {
  return ((i * 37) % 101) / 100;
}

/** A small best-of-N tree: 4 chains of 3 steps, two answers, one pruned chain, a chosen chain. */
export function smallSnapshot(runId = 'run-small'): TreeSnapshot {
  const nodes: TreeNode[] = [node('p', null, 0, { text: 'What is $12 \\times 13 + 4$?' })];
  const answers = ['160', '160', '156', '160'];
  for (let chain = 0; chain < 4; chain += 1) {
    let parent = 'p';
    for (let step = 1; step <= 3; step += 1) {
      const id = `c${chain}s${step}`;
      nodes.push(node(id, parent, step, { sample: chain, score: scoreOf(chain * 3 + step), text: `Chain ${chain}, step ${step}: $12 \\times 13 = 156$.`, verdict: 'P(yes)=0.80 (log-probabilities)', status: chain === 2 && step === 3 ? 'pruned' : 'done', ...(chain === 2 && step === 3 ? { reason: 'score below the beam cut' } : {}) }));
      parent = id;
    }
    nodes.push(node(`c${chain}a`, parent, 4, { kind: 'answer', answer: answers[chain] ?? '', text: `The answer is ${answers[chain] ?? ''}.`, score: 0.5 + chain / 10, sample: chain, status: chain === 3 ? 'chosen' : 'done' }));
  }
  const tallies: AnswerTally[] = [
    { answer: '160', votes: 3, weight: 0.5 + 0.6 + 0.8, share: 1.9 / 2.6, nodeIds: ['c0a', 'c1a', 'c3a'] },
    { answer: '156', votes: 1, weight: 0.7, share: 0.7 / 2.6, nodeIds: ['c2a'] },
  ];
  return {
    runId,
    problem: 'What is 12 * 13 + 4?',
    strategy: 'weighted best-of-N',
    nodes,
    answers: tallies,
    decisions: [
      { kind: 'difficulty', message: 'Estimated difficulty: bin 2 of 5 (probe agreement 0.75).' },
      { kind: 'strategy', message: 'Chose weighted best-of-N with N = 4.' },
      { kind: 'stop', message: 'Stopped: the leader held for 3 samples.' },
    ],
    usage: { promptTokens: 1200, generatedTokens: 640, calls: 20, wallMs: 3200, tokenCap: 4000 },
    chosenAnswer: '160',
    confidence: 0.73,
    finished: true,
  };
}

/** A beam-like tree with `count` nodes, up to 4 children each, scores spread over every band. */
export function largeSnapshot(count: number, runId = 'run-large'): TreeSnapshot {
  const nodes: TreeNode[] = [node('n0', null, 0)];
  for (let i = 1; i < count; i += 1) {
    const parentIndex = Math.floor((i - 1) / 4);
    const parent = nodes[parentIndex];
    if (!parent) throw new Error('parent missing');
    nodes.push(node(`n${i}`, parent.id, parent.depth + 1, { score: scoreOf(i), status: i % 11 === 0 ? 'pruned' : 'done', sample: i % 64 }));
  }
  const last = nodes[nodes.length - 1];
  if (last) nodes[nodes.length - 1] = { ...last, kind: 'answer', answer: '160', status: 'chosen' };
  return {
    runId,
    problem: 'A large search over a hard problem.',
    strategy: 'beam search',
    nodes,
    answers: [{ answer: '160', votes: 10, weight: 7.5, share: 1, nodeIds: [last?.id ?? ''] }],
    decisions: [],
    usage: { promptTokens: 500_000, generatedTokens: 120_000, calls: count, wallMs: 90_000, tokenCap: 200_000 },
    chosenAnswer: '160',
    confidence: 0.9,
    finished: false,
  };
}

/**
 * The deltas of a live search growing `snapshot`: each batch adds a streaming node under an existing one,
 * appends text to it, settles the previous one and updates the usage.
 */
export function deltaBatch(snapshot: { nodes: readonly { id: string; depth: number }[] }, batch: number, prefix = 'd'): TreeDelta[] {
  const parent = snapshot.nodes[(batch * 7) % snapshot.nodes.length];
  if (!parent) return [];
  const id = `${prefix}${batch}`;
  const deltas: TreeDelta[] = [
    { type: 'nodeAdded', node: node(id, parent.id, parent.depth + 1, { status: 'streaming', text: '' }) },
    { type: 'textAppended', id, text: `Streaming step ${batch}: 3 + 4 = 7.` },
  ];
  if (batch > 0) deltas.push({ type: 'nodeUpdated', id: `${prefix}${batch - 1}`, patch: { status: 'done', score: scoreOf(batch) } });
  deltas.push({ type: 'usage', usage: { promptTokens: 1000 + batch * 50, generatedTokens: 500 + batch * 20, calls: batch + 1, wallMs: 1000 + batch * 20, tokenCap: 100_000 } });
  return deltas;
}

/** A thinking trace of about `words` words, in paragraphs, as a reasoning model writes one; `seed` picks where it starts. */
export function traceText(words: number, seed = 0): string {
  const paragraphs = [
    'Okay, so I need to work out 12 times 13 and then add 4.',
    'Twelve times thirteen: 12 × 10 is 120, and 12 × 3 is 36, so 120 + 36 = 156.',
    'Wait, let me check that another way. 13 × 12 = 13 × 10 + 13 × 2 = 130 + 26 = 156. Same.',
    'Then 156 + 4 = 160. Is there any trick in the wording? No, it is plain arithmetic.',
    'Hmm, but should I double-check the addition? 156 + 4: 6 + 4 = 10, carry one, 15 + 1 = 16, so 160.',
  ];
  const all = [...paragraphs.slice(seed % paragraphs.length), ...paragraphs.slice(0, seed % paragraphs.length)];
  const out: string[] = [];
  let count = 0;
  for (let round = 0; count < words; round += 1) {
    const paragraph = all[round % all.length] ?? '';
    const taken = paragraph.split(' ').slice(0, Math.max(1, Math.round(words) - count));
    count += taken.length;
    out.push(taken.join(' '));
  }
  return out.join('\n\n');
}

/**
 * `smallSnapshot` from a thinking model under a thinking budget of 128: each chain's first step holds its
 * trace, cut at the budget (chain 0), extended twice with "Wait" (1), ended by the model (2), or stopped
 * where the model could not be forced (3). The usage separates thinking and verification tokens.
 */
export function thinkingSnapshot(runId = 'run-thinking'): TreeSnapshot {
  const base = smallSnapshot(runId);
  const endings = [
    { thinkingTokens: 128, thinkingEnding: 'cut' as const },
    { thinkingTokens: 128, thinkingEnding: 'extended' as const, thinkingExtensions: 2 },
    { thinkingTokens: 74, thinkingEnding: 'natural' as const },
    { thinkingTokens: 128, thinkingEnding: 'stopped' as const },
  ];
  const nodes = base.nodes.map((each) => {
    const chain = /^c(\d)s1$/.exec(each.id)?.[1];
    const ending = chain === undefined ? undefined : endings[Number(chain)];
    if (!ending) return each;
    return { ...each, thinking: traceText(ending.thinkingTokens * 0.75, Number(chain)), thinkingBudget: 128, thinkingExtensions: 0, ...ending };
  });
  return { ...base, nodes, usage: { ...base.usage, generatedTokens: 1_450, thinkingTokens: 458, verifyTokens: 352 } };
}
