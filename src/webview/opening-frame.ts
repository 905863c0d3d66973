// Where the diagram opens when the tree is too wide to show whole at a legible scale. DOM-free, so Node
// tests reach it.
import type { LaidOutNode, Layout } from './layout';

/**
 * Where a tree too wide to show whole at a legible scale opens: on its root while nothing is chosen; once a
 * run has chosen an answer (a finished tree opened, or the diagram shown after the run), between the root and
 * that answer when both fit, else on the answer, as near the root as keeps its label whole — the chosen chain
 * is what a finished tree is opened for.
 */
export function openingCentre(rootX: number, chosenX: number | undefined, halfWidth: number, halfLabel: number): number {
  if (chosenX === undefined) return rootX;
  const between = (rootX + chosenX) / 2;
  if (Math.abs(chosenX - between) + halfLabel <= halfWidth) return between;
  return chosenX + Math.sign(rootX - chosenX) * Math.max(0, halfWidth - halfLabel);
}

/** The deepest node of the chosen chain (the chosen answer), if the run chose one. */
export function chosenLeaf(layout: Layout): LaidOutNode | undefined {
  let leaf: LaidOutNode | undefined;
  for (const item of layout.nodes) if (item.node?.status === 'chosen' && item.node.kind !== 'problem' && (!leaf || item.y > leaf.y)) leaf = item;
  return leaf;
}
