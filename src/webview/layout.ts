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
  /** The parent's item in the same layout. */
  parent?: LaidOutNode;
}

export interface Layout {
  nodes: LaidOutNode[];
  /** The distance between levels used, to keep for the next layouts of the same run. */
  levelSpacing: number;
  bounds: { minX: number; maxX: number; minY: number; maxY: number };
}

/** What d3 lays out: a tree node, or the "+k more" stand-in for its folded children. */
type Datum = TreeNode | { moreOf: string; hidden: number };

/**
 * `aspect` (the panel's height over its width) stretches the levels apart so that a wide tree, once fitted,
 * fills the panel instead of becoming a thin line; `maxHeight` (in layout units) caps that stretch.
 *
 * This runs on every change of shape and, for a new run, inside its first frame: it walks the laid-out tree
 * once, breadth first, and builds one plain object per node (no intermediate copies of the tree).
 */
export function layoutTree(index: TreeIndex, siblingsExpanded: ReadonlySet<string>, aspect = 0, fixedLevelSpacing?: number, maxHeight = Infinity): Layout {
  const empty: Layout = { nodes: [], levelSpacing: LEVEL_SPACING_Y, bounds: { minX: 0, maxX: 0, minY: 0, maxY: 0 } };
  if (!index.root) return empty;
  const seen = new Set<string>();
  const root = hierarchy<Datum>(index.root, (datum) => ('id' in datum ? visibleChildren(index, datum, siblingsExpanded, seen) : undefined));
  const spacing = index.nodes.length <= LABEL_LIMIT ? LABELLED_SPACING_X : NODE_SPACING_X;
  const laid = tree<Datum>().nodeSize([spacing, LEVEL_SPACING_Y]).separation((a, b) => (a.parent === b.parent ? 1 : 1.5))(root);
  const nodes: LaidOutNode[] = [];
  let [minX, maxX] = [0, 0];
  // Breadth first, as d3's `each` (siblings stay next to each other), without its generator.
  const queue = [laid];
  const parents: (LaidOutNode | undefined)[] = [undefined];
  for (let i = 0; i < queue.length; i += 1) {
    const point = queue[i];
    if (!point) continue;
    const datum = point.data;
    const parent = parents[i];
    const parentKey = parent?.node?.id;
    // Every item has the same fields, so the loops over them stay monomorphic.
    const item: LaidOutNode = 'id' in datum
      ? { key: datum.id, node: datum, moreOf: undefined, hidden: undefined, x: point.x, y: point.depth, parentKey, parent }
      : { key: `more:${datum.moreOf}`, node: undefined, moreOf: datum.moreOf, hidden: datum.hidden, x: point.x, y: point.depth, parentKey, parent };
    nodes.push(item);
    if (point.children) {
      for (const child of point.children) {
        queue.push(child);
        parents.push(item);
      }
    }
    if (point.x < minX) minX = point.x;
    if (point.x > maxX) maxX = point.x;
  }
  const levels = Math.max(1, laid.height);
  // Stretched to the panel's shape, but never taller than `maxHeight`: a tree too wide to open whole opens at
  // a legible scale, where levels stretched for the whole width would put the answers below the panel.
  // A growing tree keeps the spacing it was given, so its levels do not move as new ones arrive, until its
  // new levels would fall below the panel at that legible scale: then they close up to fit.
  const levelSpacing = Math.max(
    LEVEL_SPACING_Y,
    Math.min(fixedLevelSpacing ?? ((maxX - minX) * aspect * 0.9) / levels, maxHeight / levels),
  );
  // `y` held the depth until the distance between levels was known.
  for (const item of nodes) item.y *= levelSpacing;
  const bounds = { minX, maxX, minY: 0, maxY: laid.height * levelSpacing };
  return { nodes, levelSpacing, bounds };
}

/** A node's children as drawn: beyond the threshold, the first few (and the chosen one) and a "+k more". */
function visibleChildren(index: TreeIndex, node: TreeNode, expanded: ReadonlySet<string>, seen: Set<string>): Datum[] | undefined {
  seen.add(node.id);
  const all = index.children.get(node.id);
  if (!all || all.length === 0) return undefined;
  // A node listed twice (malformed input) is drawn once; well-formed lists are used as they are (d3 copies them).
  let kept: TreeNode[] | undefined;
  for (let position = 0; position < all.length; position += 1) {
    const child = all[position];
    if (!child) continue;
    if (seen.has(child.id)) {
      kept ??= all.slice(0, position);
      continue;
    }
    seen.add(child.id);
    kept?.push(child);
  }
  const children = kept ?? all;
  if (children.length <= SIBLING_THRESHOLD || expanded.has(node.id)) return children;
  // Keep the chosen chain visible even when its branch would be folded.
  const shown = visibleSiblings(index, children);
  return [...shown, { moreOf: node.id, hidden: children.length - shown.length }];
}

function visibleSiblings(index: TreeIndex, children: TreeNode[]): TreeNode[] {
  const first = children.slice(0, SIBLING_THRESHOLD);
  const chosen = children.find((child) => index.chosenChain.has(child.id));
  if (chosen && !first.includes(chosen)) first[first.length - 1] = chosen;
  return first;
}
