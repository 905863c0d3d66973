import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutTree } from '../../../src/webview/layout';
import { chosenLeaf, openingCentre } from '../../../src/webview/opening-frame';
import { indexTree } from '../../../src/webview/tree-index';
import { smallSnapshot } from '../../support/webview-trees';

// A view 400 units wide at the opening scale (half 200), labels 110 wide (half 55).
const HALF = 200;
const LABEL = 55;

test('with nothing chosen the opening frame is on the root', () => {
  assert.equal(openingCentre(500, undefined, HALF, LABEL), 500);
});

test('a chosen answer near the root: the frame sits between them, both whole', () => {
  const centre = openingCentre(500, 300, HALF, LABEL);
  assert.equal(centre, 400);
  for (const x of [500, 300]) assert.ok(Math.abs(x - centre) + LABEL <= HALF);
});

test('a chosen answer far from the root: its label whole at the edge nearer the root', () => {
  const left = openingCentre(1000, 100, HALF, LABEL);
  assert.equal(left, 100 + (HALF - LABEL));
  assert.ok(Math.abs(100 - left) + LABEL <= HALF, 'the answer is whole');
  const right = openingCentre(0, 900, HALF, LABEL);
  assert.equal(right, 900 - (HALF - LABEL));
});

test('the chosen leaf is the chosen answer, not the problem or a step on the way to it', () => {
  const snapshot = smallSnapshot();
  assert.equal(chosenLeaf(layoutTree(indexTree(snapshot), new Set(), 0.5))?.key, 'c3a');
  const running = { ...snapshot, nodes: snapshot.nodes.map((n) => (n.status === 'chosen' ? { ...n, status: 'done' as const } : n)) };
  assert.equal(chosenLeaf(layoutTree(indexTree(running), new Set(), 0.5)), undefined);
});
