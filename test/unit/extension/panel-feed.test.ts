// The tree panel's host feed and the page's copy, wired through a channel that delivers messages late (as
// postMessage does) or loses them: whatever happens in between, once the run is quiet the page holds exactly
// the host's tree. The page side is the webview's own RunFeed; resync requests go back through the channel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PanelFeed } from '../../../src/extension/panel/panel-feed';
import { TreeMirror } from '../../../src/extension/tree-mirror';
import type { TreeDelta, TreeNode, TreeSnapshot } from '../../../src/protocol/tree';
import type { HostToWebview } from '../../../src/protocol/webview';
import { RunFeed } from '../../../src/webview/run-feed';

const usage = { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0 };

function node(id: string, parentId: string | null, kind: TreeNode['kind'] = 'step'): TreeNode {
  return { id, parentId, kind, status: 'streaming', text: '', depth: parentId === null ? 0 : 1, usage };
}

function start(runId: string): TreeSnapshot {
  return { runId, problem: `problem ${runId}`, strategy: 'weighted', nodes: [node('p', null, 'problem')], answers: [], decisions: [], usage: { ...usage, tokenCap: 1000 }, finished: false };
}

/** Batch `i` of a run: a new step under the previous one, text for it, and usage; the last one finishes. */
function batch(i: number, last = false): TreeDelta[] {
  const deltas: TreeDelta[] = [
    { type: 'nodeAdded', node: node(`s${i}`, i === 0 ? 'p' : `s${i - 1}`) },
    { type: 'textAppended', id: `s${i}`, text: `step ${i}` },
    { type: 'nodeUpdated', id: `s${i}`, patch: { status: 'done', score: 0.5 } },
    { type: 'usage', usage: { promptTokens: i, generatedTokens: 10 * (i + 1), calls: i + 1, wallMs: i, tokenCap: 1000 } },
  ];
  if (last) deltas.push({ type: 'finished' });
  return deltas;
}

/** Host and page with a message queue between them; `drop` loses host→page messages it matches. */
function harness(options: { drop?: (message: HostToWebview, index: number) => boolean } = {}) {
  const mirrors = new Map<string, TreeMirror>();
  const toPage: HostToWebview[] = [];
  const page = new RunFeed();
  const resyncs: string[] = [];
  let fetchGate: Promise<void> = Promise.resolve();
  let sent = 0;
  const feed = new PanelFeed(
    {
      mirror: (runId) => mirrors.get(runId),
      fetch: async () => {
        await fetchGate;
        return undefined;
      },
    },
    (message) => {
      // Serialised at posting time, as VS Code does.
      const copy = structuredClone(message);
      if (!options.drop?.(copy, sent++)) toPage.push(copy);
    },
  );
  /** Delivers every queued message to the page; the page's resync requests reach the host at once. */
  const deliver = async (): Promise<void> => {
    while (toPage.length > 0) {
      const message = toPage.shift()!;
      if (message.type === 'snapshot') page.acceptSnapshot(message.snapshot, message.seq);
      else if (message.type === 'deltas' && page.acceptDeltas(message.runId, message.deltas, message.seq) === 'missed') {
        resyncs.push(message.runId);
        await feed.resync(message.runId);
      }
    }
  };
  const startRun = (runId: string): TreeMirror => {
    const mirror = new TreeMirror(start(runId));
    mirrors.set(runId, mirror);
    return mirror;
  };
  const arrive = (runId: string, deltas: TreeDelta[]): void => {
    const mirror = mirrors.get(runId)!;
    const seq = mirror.applied;
    mirror.apply(deltas);
    feed.deltas(runId, deltas, seq);
  };
  return {
    feed, page, toPage, resyncs, startRun, arrive, deliver,
    holdFetches: () => {
      let release = (): void => undefined;
      fetchGate = new Promise((resolve) => (release = resolve));
      return release;
    },
  };
}

test('deltas that arrive while the snapshot is on its way are neither lost nor applied twice', async () => {
  const h = harness();
  const mirror = h.startRun('r1');
  await h.feed.show('r1');
  h.arrive('r1', batch(0));
  await h.feed.ready(); // snapshot holds batch 0
  h.arrive('r1', batch(1)); // posted after the snapshot, before the page read it
  await h.deliver();
  for (let i = 2; i < 6; i += 1) h.arrive('r1', batch(i, i === 5));
  await h.deliver();
  assert.deepEqual(h.page.snapshot, mirror.snapshot);
  assert.equal(h.page.snapshot?.finished, true);
  assert.deepEqual(h.resyncs, []);
});

test('a lost batch makes the page ask again, and it recovers to the host tree every time', async () => {
  for (const lost of [1, 2, 3, 5]) {
    const h = harness({ drop: (message, index) => message.type === 'deltas' && index === lost });
    const mirror = h.startRun('r1');
    await h.feed.show('r1');
    await h.feed.ready();
    for (let i = 0; i < 6; i += 1) {
      h.arrive('r1', batch(i, i === 5));
      await h.deliver();
    }
    assert.deepEqual(h.page.snapshot, mirror.snapshot, `batch ${lost} lost`);
    assert.equal(h.page.stale, undefined);
    assert.deepEqual(h.resyncs, ['r1'], 'one resync, not a storm');
  }
});

test('a batch that only updates (no new node) after a lost one is detected by its number, not applied over the gap', async () => {
  const h = harness({ drop: (message) => message.type === 'deltas' && message.deltas.some((d) => d.type === 'nodeAdded' && d.node.id === 's1') });
  const mirror = h.startRun('r1');
  await h.feed.show('r1');
  await h.feed.ready();
  h.arrive('r1', batch(0));
  h.arrive('r1', batch(1)); // lost
  h.arrive('r1', [{ type: 'usage', usage: { promptTokens: 1, generatedTokens: 474, calls: 3, wallMs: 9, tokenCap: 1000 } }, { type: 'finished' }]);
  await h.deliver();
  assert.deepEqual(h.page.snapshot, mirror.snapshot);
  assert.equal(h.page.snapshot?.nodes.length, 3, 'the lost step is there');
});

test('a new run that takes the panel while an older snapshot is being fetched still reaches the page', async () => {
  const h = harness();
  const release = h.holdFetches();
  await h.feed.show('gone'); // no mirror: fetched from elsewhere, slowly
  const ready = h.feed.ready();
  const mirror = h.startRun('r2');
  await h.feed.show('r2');
  h.arrive('r2', batch(0));
  release();
  await ready;
  h.arrive('r2', batch(1, true));
  await h.deliver();
  assert.deepEqual(h.page.snapshot, mirror.snapshot);
  // A resync for a run the panel no longer shows is ignored.
  await h.feed.resync('gone');
  assert.equal(h.toPage.length, 0);
});

test('a page that reloads or is hidden gets nothing until it says ready, then the current tree', async () => {
  const h = harness();
  const mirror = h.startRun('r1');
  await h.feed.show('r1');
  await h.feed.ready();
  await h.deliver();
  h.feed.pageGone();
  h.arrive('r1', batch(0));
  assert.equal(h.toPage.length, 0);
  await h.feed.ready();
  h.arrive('r1', batch(1, true));
  await h.deliver();
  assert.deepEqual(h.page.snapshot, mirror.snapshot);
});

test('a run a failure ended is closed: streaming nodes failed with the reason, the tree finished with the error', () => {
  const mirror = new TreeMirror(start('r1'));
  mirror.apply([{ type: 'nodeAdded', node: node('s0', 'p') }, { type: 'nodeAdded', node: node('s1', 'p') }, { type: 'nodeUpdated', id: 's0', patch: { status: 'done' } }]);
  const closing = mirror.closingDeltas('The model failed: HTTP 500.');
  mirror.apply(closing);
  assert.deepEqual(mirror.snapshot.nodes.map((n) => [n.id, n.status, n.reason]), [
    ['p', 'streaming', undefined],
    ['s0', 'done', undefined],
    ['s1', 'failed', 'The model failed: HTTP 500.'],
  ]);
  assert.equal(mirror.snapshot.finished, true);
  assert.equal(mirror.snapshot.error, 'The model failed: HTTP 500.');
  assert.deepEqual(mirror.closingDeltas('again'), [], 'a finished tree is closed once');
});

test('showing the same run on request sends its tree again; a background show of the same run does not', async () => {
  const h = harness();
  h.startRun('r1');
  await h.feed.show('r1');
  await h.feed.ready();
  await h.deliver();
  await h.feed.show('r1');
  assert.equal(h.toPage.length, 0);
  await h.feed.show('r1', true);
  assert.deepEqual(h.toPage.map((m) => m.type), ['snapshot']);
});
