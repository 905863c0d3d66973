// Finished trees survive on disk for restored panels: read back exactly, bounded by count and bytes (oldest
// out, the newest always kept), and anything that is not a snapshot of the asked run is ignored.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import { RunArchive } from '../../../src/extension/run-archive';
import { smallSnapshot } from '../../support/webview-trees';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ponder-archive-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const snapshot = (runId: string, text = ''): TreeSnapshot => {
  const base = smallSnapshot(runId);
  return { ...base, problem: `${base.problem}${text}` };
};

test('a saved run reads back exactly; an unknown run or an unsafe id gives nothing', async () => {
  const archive = new RunArchive(join(dir, 'exact'));
  const run = snapshot('run-1');
  await archive.save(run);
  assert.deepEqual(await archive.load('run-1'), run);
  assert.equal(await archive.load('run-2'), undefined);
  assert.equal(await archive.load('../exact/run-1'), undefined);
  await archive.save({ ...run, runId: '../../escape' });
  assert.deepEqual(await readdir(join(dir, 'exact')), ['run-1.json'], 'an unsafe id never becomes a file name');
});

test('keeps the newest runs within the count and byte limits', async () => {
  const where = join(dir, 'bounded');
  const archive = new RunArchive(where, { maxRuns: 3, maxBytes: 1_000_000 });
  for (let i = 0; i < 5; i += 1) {
    await archive.save(snapshot(`run-${i}`));
    // Distinct modification times, oldest first, whatever the file system's resolution.
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
    await utimes(join(where, `run-${i}.json`), at, at);
  }
  await archive.save(snapshot('run-5'));
  assert.deepEqual((await readdir(where)).sort(), ['run-3.json', 'run-4.json', 'run-5.json']);

  const small = new RunArchive(join(dir, 'bytes'), { maxRuns: 10, maxBytes: 10 });
  await small.save(snapshot('big-1', 'x'.repeat(5000)));
  await small.save(snapshot('big-2', 'y'.repeat(5000)));
  assert.deepEqual(await readdir(join(dir, 'bytes')), ['big-2.json'], 'the newest is kept even over the byte limit');

  // Saves within one mtime tick tie on time, and a file copied in from elsewhere may even look newer; the run
  // just saved is still the one kept.
  const tied = join(dir, 'tied');
  const sameTick = new RunArchive(tied, { maxRuns: 10, maxBytes: 10 });
  await sameTick.save(snapshot('a-older', 'x'.repeat(5000)));
  const later = new Date(Date.UTC(2100, 0, 1));
  await utimes(join(tied, 'a-older.json'), later, later);
  await sameTick.save(snapshot('z-newer', 'y'.repeat(5000)));
  assert.deepEqual(await readdir(tied), ['z-newer.json'], 'the run just saved is kept whatever the mtimes say');
});

test('a corrupt or foreign file is ignored, not trusted', async () => {
  const where = join(dir, 'corrupt');
  const archive = new RunArchive(where);
  await archive.save(snapshot('good'));
  await writeFile(join(where, 'broken.json'), '{"runId": "broken", "nodes": [');
  await writeFile(join(where, 'other.json'), JSON.stringify(snapshot('someone-else')));
  await writeFile(join(where, 'shape.json'), JSON.stringify({ runId: 'shape', problem: 1, nodes: 'x' }));
  assert.equal(await archive.load('broken'), undefined);
  assert.equal(await archive.load('other'), undefined, 'the file must hold the run it is named after');
  assert.equal(await archive.load('shape'), undefined);
  assert.ok(await archive.load('good'));
});
