// The manifest's settings and the protocol's: VS Code shows the manifest's defaults, the server falls back to
// DEFAULT_SETTINGS; the two must be the same values, or a user would see one default and get another.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, parseSettings } from '../../../src/protocol/settings';
import type { PonderSettings } from '../../../src/protocol/settings';

interface Property {
  type?: string | string[];
  default?: unknown;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Property> } } };
const properties = manifest.contributes.configuration.properties;
const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof PonderSettings)[];

test('every setting is declared in the manifest with the default the server uses', () => {
  for (const key of KEYS) {
    const property = properties[`ponder.${key}`];
    assert.ok(property, `ponder.${key} is declared`);
    assert.deepEqual(property.default, DEFAULT_SETTINGS[key], `ponder.${key}`);
    assert.deepEqual(parseSettings({ [key]: property.default }).problems, [], `ponder.${key}: the manifest's default is valid`);
  }
});

test('a setting whose default is unset (null) says so in its type, so the settings editor offers an empty field', () => {
  for (const key of KEYS.filter((k) => DEFAULT_SETTINGS[k] === null)) {
    const type = properties[`ponder.${key}`]?.type;
    assert.ok(Array.isArray(type) && type.includes('null'), `ponder.${key}: ${JSON.stringify(type)}`);
  }
  assert.ok(KEYS.some((k) => DEFAULT_SETTINGS[k] === null), 'ponder.confidenceTarget is unset by default');
});
