import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { TreeDelta } from '../../../src/protocol/tree';
import { splitSteps } from '../../../src/engine/prompts/solve';
import { StepStreamer } from '../../../src/engine/search/step-streamer';
import { ReasoningTree } from '../../../src/engine/tree/tree';

function stream(chunks: readonly string[]) {
  const tree = new ReasoningTree({ runId: 'r', problem: 'p', strategy: 's', tokenCap: 1 });
  const deltas: TreeDelta[] = [];
  tree.subscribe((d) => deltas.push(d));
  const streamer = new StepStreamer(tree, tree.rootId, 3);
  for (const chunk of chunks) streamer.text(chunk);
  streamer.end();
  return { tree, deltas, streamer };
}

/** Cuts `text` at the given positions. */
function cut(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let last = 0;
  for (const p of [...points, text.length]) {
    pieces.push(text.slice(last, p));
    last = p;
  }
  return pieces;
}

test('property: however the text is chunked, the step nodes are exactly splitSteps(text), chained in order', () => {
  const alphabet = fc.constantFrom('a', 'b', '1', '+', ' ', '\t', '\n', '\n\n', '\n \n', '.', '\u00a0', '{', '}');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 12 }), (parts, cuts) => {
      const text = parts.join('');
      const { tree, streamer } = stream(cut(text, cuts));
      const nodes = tree.snapshot().nodes.filter((n) => n.kind === 'step');
      assert.deepEqual(nodes.map((n) => n.text), splitSteps(text));
      assert.deepEqual(streamer.stepIds, nodes.map((n) => n.id));
      nodes.forEach((node, i) => {
        assert.equal(node.status, 'done');
        assert.equal(node.sample, 3);
        assert.equal(node.parentId, i === 0 ? 'n0' : nodes[i - 1]?.id);
        assert.equal(node.depth, i + 1);
      });
    }),
    { numRuns: 500 },
  );
});

test('a step node appears as its paragraph starts and grows live', () => {
  const tree = new ReasoningTree({ runId: 'r', problem: 'p', strategy: 's', tokenCap: 1 });
  const streamer = new StepStreamer(tree, tree.rootId, 0);
  streamer.text('First');
  assert.equal(tree.get('n1')?.status, 'streaming');
  assert.equal(tree.get('n1')?.text, 'First');
  streamer.text(' step.\n');
  assert.equal(tree.get('n1')?.text, 'First step.', 'a trailing newline is held back');
  streamer.text('\nSecond');
  assert.equal(tree.get('n1')?.status, 'done');
  assert.equal(tree.get('n2')?.text, 'Second');
  assert.equal(tree.get('n2')?.parentId, 'n1');
});

test('thinking goes on the first step; a failure marks the open step failed with its reason', () => {
  const tree = new ReasoningTree({ runId: 'r', problem: 'p', strategy: 's', tokenCap: 1 });
  const streamer = new StepStreamer(tree, tree.rootId, 0);
  streamer.thinking('let me think');
  streamer.text('\n\nStep one');
  const usage = { promptTokens: 1, generatedTokens: 4, calls: 1, wallMs: 2 };
  streamer.fail('cancelled', usage);
  const node = tree.get('n1');
  assert.deepEqual([node?.thinking, node?.text, node?.status, node?.reason, node?.usage], ['let me think', 'Step one', 'failed', 'cancelled', usage]);

  const empty = new StepStreamer(tree, tree.rootId, 1);
  empty.fail('model error', usage);
  assert.deepEqual([tree.get('n2')?.status, tree.get('n2')?.text, tree.get('n2')?.sample], ['failed', '', 1]);
});
