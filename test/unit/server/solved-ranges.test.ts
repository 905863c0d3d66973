import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SolvedRanges } from '../../../src/server/solved-ranges';

const URI = 'file:///a.md';
const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

function tracked(): SolvedRanges {
  const ranges = new SolvedRanges();
  ranges.open(URI, 'markdown', 1, 'intro\nWhat is 2+2?\nend');
  assert.equal(ranges.add(URI, range(1, 0, 1, 12), 'run', 1), true);
  return ranges;
}

test('edits before the range shift it, edits after leave it, edits inside drop it', () => {
  const ranges = tracked();
  ranges.change(URI, 2, [{ range: range(0, 0, 0, 0), text: 'new\n' }]);
  assert.deepEqual(ranges.rangeOf(URI, 'run'), range(2, 0, 2, 12));
  ranges.change(URI, 3, [{ range: range(1, 0, 1, 5), text: 'INTRO, longer' }]);
  assert.deepEqual(ranges.rangeOf(URI, 'run'), range(2, 0, 2, 12));
  ranges.change(URI, 4, [{ range: range(2, 12, 3, 3), text: '' }]);
  assert.deepEqual(ranges.rangeOf(URI, 'run'), range(2, 0, 2, 12), 'an edit starting at the end is after it');
  ranges.change(URI, 5, [{ range: range(1, 13, 2, 0), text: ' ' }]);
  assert.deepEqual(ranges.rangeOf(URI, 'run'), range(1, 14, 1, 26), 'an edit ending at the start shifts it');
  ranges.change(URI, 6, [{ range: range(1, 20, 1, 21), text: '3' }]);
  assert.equal(ranges.rangeOf(URI, 'run'), undefined);
});

test('several content changes apply in order; a full replacement or closing drops the results', () => {
  const ranges = tracked();
  ranges.change(URI, 2, [
    { range: range(0, 0, 0, 0), text: 'a\n' },
    { range: range(0, 0, 0, 0), text: 'b\n' },
  ]);
  assert.equal(ranges.at(URI, { line: 3, character: 2 })?.runId, 'run');
  ranges.change(URI, 3, [{ text: 'something else' }]);
  assert.equal(ranges.at(URI, { line: 0, character: 0 }), undefined);
  const other = tracked();
  other.close(URI);
  assert.equal(other.at(URI, { line: 1, character: 1 }), undefined);
});

test('a range of another version or of a closed document is not kept', () => {
  const ranges = tracked();
  assert.equal(ranges.add(URI, range(0, 0, 0, 2), 'old', 0), false);
  assert.equal(ranges.add('file:///closed.md', range(0, 0, 0, 2), 'x'), false);
  ranges.remove('run');
  assert.equal(ranges.at(URI, { line: 1, character: 1 }), undefined);
});
