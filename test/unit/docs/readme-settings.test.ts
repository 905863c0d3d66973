// The README's Settings paragraph is what a user reads before opening the Settings editor: it must name every
// `ponder.*` setting the manifest contributes, each once (an edit once left half the paragraph pasted twice),
// and nothing the manifest does not have.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
const contributed = Object.keys(manifest.contributes.configuration.properties).map((key) => key.replace(/^ponder\./, ''));

function settingsParagraph(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const match = /^Settings \(`ponder\.\*`\):[\s\S]*?(?=\n\n)/m.exec(readme);
  assert.ok(match, 'README.md has a paragraph starting "Settings (`ponder.*`):"');
  return match[0];
}

/** The setting names the paragraph lists: code spans followed by an opening bracket, a comma, "and" or the end of a clause. */
function namedSettings(paragraph: string): string[] {
  return [...paragraph.matchAll(/`([a-zA-Z]+)`/g)].map((m) => m[1] as string).filter((name) => /^[a-z][a-zA-Z]+$/.test(name));
}

test('the README names every contributed setting exactly once in its Settings paragraph', () => {
  const named = namedSettings(settingsParagraph());
  for (const key of contributed) {
    const times = named.filter((n) => n === key).length;
    assert.equal(times, 1, `ponder.${key} is named ${times} times in the README's Settings paragraph`);
  }
});

test('the README names no setting the manifest does not contribute', () => {
  // Lower-case code spans in the paragraph are setting names or their values; values appear only inside brackets.
  const paragraph = settingsParagraph().replace(/\([^()]*(?:\([^()]*\)[^()]*)*\)/g, '');
  const named = namedSettings(paragraph);
  const unknown = named.filter((n) => !contributed.includes(n));
  assert.deepEqual(unknown, [], `the README names settings the manifest lacks: ${unknown.join(', ')}`);
});
