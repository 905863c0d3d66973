// Tidy-tree layout (d3-hierarchy's Reingold–Tilford) of the visible tree: children beyond a threshold are
// folded into one "+k more" item unless their parent's siblings were expanded.
import { hierarchy, tree } from 'd3-hierarchy';
import type { TreeNode } from '../protocol/tree';
import type { TreeIndex } from './tree-index';

export const SIBLING_THRESHOLD = 8;
export const NODE_SPACING_X = 22;
/** Wider spacing when the tree is small enough to carry labels. */
export const LABELLED_SPACING_X = 110;
export const LABEL_LIMIT = 160;
export const LEVEL_SPACING_Y = 56;

export interface LaidOutNode {
  /** The node's id, or `more:<parentId>` for a "+k more" item. */
  key: string;
  node?: TreeNode;
  /** For "+k more": the parent whose children are folded, and how many. */
  moreOf?: string;
  hidden?: number;
  x: number;
  y: number;
  parentKey?: string;
}

export interface Layout {
  nodes: LaidOutNode[];
  /** The distance between levels used, to keep for the next layouts of the same run. */
  levelSpacing: number;
  bounds: { minX: number; maxX: number; minY: number; maxY: number };
}

interface Datum {
  node?: TreeNode;
  moreOf?: string;
  hidden?: number;
  children?: Datum[];
}

/**
 * `aspect` (the panel's height over its width) stretches the levels apart so that a wide tree, once fitted,
 * fills the panel instead of becoming a thin line.
 */
export function layoutTree(index: TreeIndex, siblingsExpanded: ReadonlySet<string>, aspect = 0, fixedLevelSpacing?: number): Layout {
  const empty: Layout = { nodes: [], levelSpacing: LEVEL_SPACING_Y, bounds: { minX: 0, maxX: 0, minY: 0, maxY: 0 } };
  if (!index.root) return empty;
  const root = hierarchy<Datum>(toDatum(index, index.root, siblingsExpanded, new Set()), (datum) => datum.children);
  const spacing = index.nodes.length <= LABEL_LIMIT ? LABELLED_SPACING_X : NODE_SPACING_X;
  const laid = tree<Datum>().nodeSize([spacing, LEVEL_SPACING_Y]).separation((a, b) => (a.parent === b.parent ? 1 : 1.5))(root);
  const nodes: LaidOutNode[] = [];
  const bounds = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  let [minX, maxX] = [0, 0];
  laid.each((point) => {
    minX = Math.min(minX, point.x);
    maxX = Math.max(maxX, point.x);
  });
  const levels = Math.max(1, laid.height);
  const levelSpacing = fixedLevelSpacing ?? Math.max(LEVEL_SPACING_Y, ((maxX - minX) * aspect * 0.9) / levels);
  laid.each((point) => {
    point.y = point.depth * levelSpacing;
    const datum = point.data;
    const key = datum.node ? datum.node.id : `more:${datum.moreOf ?? ''}`;
    const parentData = point.parent?.data;
    const item: LaidOutNode = { key, x: point.x, y: point.y };
    if (datum.node) item.node = datum.node;
    if (datum.moreOf !== undefined) item.moreOf = datum.moreOf;
    if (datum.hidden !== undefined) item.hidden = datum.hidden;
    if (parentData?.node) item.parentKey = parentData.node.id;
    nodes.push(item);
    bounds.minX = Math.min(bounds.minX, point.x);
    bounds.maxX = Math.max(bounds.maxX, point.x);
    bounds.minY = Math.min(bounds.minY, point.y);
    bounds.maxY = Math.max(bounds.maxY, point.y);
  });
  return { nodes, levelSpacing, bounds };
}

function toDatum(index: TreeIndex, node: TreeNode, expanded: ReadonlySet<string>, seen: Set<string>): Datum {
  seen.add(node.id);
  const children = (index.children.get(node.id) ?? []).filter((child) => !seen.has(child.id));
  const datum: Datum = { node };
  if (children.length === 0) return datum;
  const folded = children.length > SIBLING_THRESHOLD && !expanded.has(node.id);
  // Keep the chosen chain visible even when its branch would be folded.
  const shown = folded ? visibleSiblings(index, children) : children;
  datum.children = shown.map((child) => toDatum(index, child, expanded, seen));
  if (folded) datum.children.push({ moreOf: node.id, hidden: children.length - shown.length });
  return datum;
}

function visibleSiblings(index: TreeIndex, children: TreeNode[]): TreeNode[] {
  const first = children.slice(0, SIBLING_THRESHOLD);
  const chosen = children.find((child) => index.chosenChain.has(child.id));
  if (chosen && !first.includes(chosen)) first[first.length - 1] = chosen;
  return first;
}
