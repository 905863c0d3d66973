import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportFileName } from '../../../src/extension/export-name';

const at = new Date(2026, 11, 5, 9, 7);

test('an export is named after the problem and the time, not the run id', () => {
  assert.equal(exportFileName('What is (17 + 5) * 3 - 4?', 'md', at), 'ponder-what-is-17-5-3-4-2026-12-05-0907.md');
  assert.equal(exportFileName('Mia has 12 marbles. She buys 3 bags of 8 marbles.', 'json', at), 'ponder-mia-has-12-marbles-she-buys-3-bags-of-8-2026-12-05-0907.json');
});

test('no path, control or markup character reaches the name, and an empty slug still gives a name', () => {
  for (const problem of ['../../etc/passwd', 'a\\b/c:d*e?f"g<h>i|j', '\u202Eevil\u0000', '$$\\frac{1}{2}$$', '']) {
    const name = exportFileName(problem, 'md', at);
    assert.match(name, /^ponder-[a-z0-9-]+-\d{4}-\d{2}-\d{2}-\d{4}\.md$/, name);
  }
  assert.equal(exportFileName('∑∫√', 'md', at), 'ponder-run-2026-12-05-0907.md');
  assert.equal(exportFileName('Élodie a 3 pommes', 'md', at), 'ponder-elodie-a-3-pommes-2026-12-05-0907.md');
});
