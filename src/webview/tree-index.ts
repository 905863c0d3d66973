// Derived lookups over a snapshot (children, the chosen chain, what is faded), rebuilt only when the node
// list changes identity.
import type { TreeNode, TreeSnapshot } from '../protocol/tree';

export interface TreeIndex {
  nodes: readonly TreeNode[];
  byId: Map<string, TreeNode>;
  children: Map<string, TreeNode[]>;
  root: TreeNode | undefined;
  /** Ids from the root to the chosen answer. */
  chosenChain: Set<string>;
  /** Pruned or failed nodes and everything below them. */
  faded: Set<string>;
}

const cache = new WeakMap<readonly TreeNode[], Map<string | undefined, TreeIndex>>();

export function indexTree(snapshot: TreeSnapshot): TreeIndex {
  let perChoice = cache.get(snapshot.nodes);
  if (!perChoice) {
    perChoice = new Map();
    cache.set(snapshot.nodes, perChoice);
  }
  const known = perChoice.get(snapshot.chosenAnswer);
  if (known) return known;
  const index = buildIndex(snapshot);
  perChoice.set(snapshot.chosenAnswer, index);
  return index;
}

function buildIndex(snapshot: TreeSnapshot): TreeIndex {
  const byId = new Map<string, TreeNode>();
  const children = new Map<string, TreeNode[]>();
  let root: TreeNode | undefined;
  for (const node of snapshot.nodes) {
    byId.set(node.id, node);
    if (node.parentId === null) {
      root ??= node;
      continue;
    }
    const siblings = children.get(node.parentId);
    if (siblings) siblings.push(node);
    else children.set(node.parentId, [node]);
  }
  const faded = new Set<string>();
  const stack: TreeNode[] = [];
  for (const node of snapshot.nodes) if (node.status === 'pruned' || node.status === 'failed') stack.push(node);
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (faded.has(node.id)) continue;
    faded.add(node.id);
    const below = children.get(node.id);
    if (below) for (const child of below) stack.push(child);
  }
  return { nodes: snapshot.nodes, byId, children, root, chosenChain: chainTo(chosenLeaf(snapshot), byId), faded };
}

/** The chosen answer node: one marked chosen, else the best-scored answer node of the chosen cluster. */
function chosenLeaf(snapshot: TreeSnapshot): TreeNode | undefined {
  const marked = snapshot.nodes.find((node) => node.status === 'chosen');
  if (marked) return marked;
  if (snapshot.chosenAnswer === undefined) return undefined;
  let best: TreeNode | undefined;
  for (const node of snapshot.nodes) {
    if (node.kind !== 'answer' || node.answer !== snapshot.chosenAnswer) continue;
    if (!best || (node.score ?? 0) > (best.score ?? 0)) best = node;
  }
  return best;
}

function chainTo(leaf: TreeNode | undefined, byId: Map<string, TreeNode>): Set<string> {
  const chain = new Set<string>();
  for (let node = leaf; node && !chain.has(node.id); node = node.parentId === null ? undefined : byId.get(node.parentId)) {
    chain.add(node.id);
  }
  return chain;
}

/** The chosen chain in order, root first. */
export function chosenChainNodes(index: TreeIndex): TreeNode[] {
  return index.nodes.filter((node) => index.chosenChain.has(node.id)).sort((a, b) => a.depth - b.depth);
}

export function ancestorsOf(index: TreeIndex, id: string): TreeNode[] {
  const result: TreeNode[] = [];
  const seen = new Set<string>();
  let node = index.byId.get(id);
  while (node && node.parentId !== null && !seen.has(node.id)) {
    seen.add(node.id);
    node = index.byId.get(node.parentId);
    if (node) result.push(node);
  }
  return result;
}
