import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import { LEVEL_SPACING_Y, SIBLING_THRESHOLD, layoutTree } from '../../../src/webview/layout';
import { PixelStamps } from '../../../src/webview/pixel-stamps';
import { indexTree } from '../../../src/webview/tree-index';
import { largeSnapshot, node, smallSnapshot } from '../../support/webview-trees';

describe('the tree layout', () => {
  test('lays out every node of a large tree once, breadth first, each linked to its parent item', () => {
    const snapshot = largeSnapshot(500);
    const layout = layoutTree(indexTree(snapshot), new Set(), 0.5);
    assert.equal(layout.nodes.length, 500);
    assert.deepEqual(new Set(layout.nodes.map((item) => item.key)), new Set(snapshot.nodes.map((n) => n.id)));
    const depths = layout.nodes.map((item) => item.node?.depth ?? -1);
    assert.deepEqual(depths, [...depths].sort((a, b) => a - b), 'shallower nodes first');
    for (const item of layout.nodes) {
      assert.equal(item.parent?.key, item.node?.parentId ?? undefined);
      assert.equal(item.parentKey, item.parent?.key);
      assert.equal(item.y, (item.node?.depth ?? 0) * layout.levelSpacing);
    }
    assert.ok(layout.levelSpacing >= LEVEL_SPACING_Y);
    assert.equal(layout.bounds.minX, Math.min(...layout.nodes.map((item) => item.x)));
    assert.equal(layout.bounds.maxX, Math.max(...layout.nodes.map((item) => item.x)));
    assert.equal(layout.bounds.maxY, Math.max(...layout.nodes.map((item) => item.y)));
  });

  test('folds children beyond the threshold into "+k more", keeping the chosen one, until expanded', () => {
    const base = smallSnapshot();
    const extra = Array.from({ length: 12 }, (_, i) => node(`x${i}`, 'p', 1));
    const snapshot: TreeSnapshot = { ...base, nodes: [...base.nodes, ...extra] };
    const folded = layoutTree(indexTree(snapshot), new Set());
    const rootChildren = folded.nodes.filter((item) => item.parentKey === 'p');
    assert.equal(rootChildren.length, SIBLING_THRESHOLD + 1);
    const more = rootChildren.find((item) => item.moreOf === 'p');
    assert.equal(more?.hidden, 16 - SIBLING_THRESHOLD);
    assert.equal(more?.key, 'more:p');
    assert.ok(rootChildren.some((item) => item.key === 'c3s1'), 'the chosen chain stays visible');
    const expanded = layoutTree(indexTree(snapshot), new Set(['p']));
    assert.equal(expanded.nodes.filter((item) => item.parentKey === 'p').length, 16);
  });

  test('draws a node listed twice (malformed input) once', () => {
    const base = smallSnapshot();
    const snapshot: TreeSnapshot = { ...base, nodes: [...base.nodes, node('c0s1', 'p', 1)] };
    const layout = layoutTree(indexTree(snapshot), new Set());
    assert.equal(layout.nodes.filter((item) => item.key === 'c0s1').length, 1);
  });
});

describe('pixel stamps for far-out painting', () => {
  test('let one dot per pixel through in a pass, and again in the next pass', () => {
    const stamps = new PixelStamps();
    stamps.begin(100, 50);
    const pixel = stamps.pixel(10, 20);
    assert.ok(pixel >= 0);
    assert.equal(stamps.firstDot(pixel), true);
    assert.equal(stamps.firstDot(pixel), false);
    assert.equal(stamps.firstDot(stamps.pixel(11, 20)), true);
    stamps.begin(100, 50);
    assert.equal(stamps.firstDot(pixel), true);
  });

  test('let a link through unless the last one to the same pixel came from the same pixel', () => {
    const stamps = new PixelStamps();
    stamps.begin(100, 50);
    const [parent, other, child] = [stamps.pixel(50, 0), stamps.pixel(60, 0), stamps.pixel(40, 40)];
    assert.equal(stamps.firstLink(parent, child), true);
    assert.equal(stamps.firstLink(parent, child), false);
    assert.equal(stamps.firstLink(other, child), true);
  });

  test('always let through what lies outside the stamped area', () => {
    const stamps = new PixelStamps();
    stamps.begin(100, 50);
    assert.equal(stamps.pixel(-100, 0), -1);
    assert.equal(stamps.pixel(0, 500), -1);
    assert.equal(stamps.firstDot(-1), true);
    assert.equal(stamps.firstDot(-1), true);
    assert.equal(stamps.firstLink(-1, stamps.pixel(1, 1)), true);
    assert.equal(stamps.firstLink(-1, stamps.pixel(1, 1)), true);
  });
});
