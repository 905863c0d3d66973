// The manifest's thinking settings say what the parser accepts: the same modes, default and bounds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, MAX_CONTEXT_LENGTH, MIN_THINK_BUDGET, THINK_MODES, parseSettings } from '../../../src/protocol/settings';

interface Property {
  type?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  markdownDescription?: string;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Property> } } };
const properties = manifest.contributes.configuration.properties;

test('ponder.think: the parser’s modes, each described, with the parser’s default', () => {
  const think = properties['ponder.think'];
  assert.equal(think?.type, 'string');
  assert.deepEqual(think?.enum, [...THINK_MODES]);
  assert.equal(think?.enumDescriptions?.length, THINK_MODES.length);
  assert.equal(think?.default, DEFAULT_SETTINGS.think);
  assert.equal(parseSettings({ think: think?.default }).problems.length, 0);
});

test('ponder.thinkBudget: the parser’s default and bounds, and its description names them', () => {
  const budget = properties['ponder.thinkBudget'];
  assert.equal(budget?.type, 'integer');
  assert.equal(budget?.default, DEFAULT_SETTINGS.thinkBudget);
  assert.equal(budget?.minimum, 0);
  assert.equal(budget?.maximum, MAX_CONTEXT_LENGTH);
  assert.match(budget?.markdownDescription ?? '', new RegExp(`From ${MIN_THINK_BUDGET} to ${MAX_CONTEXT_LENGTH}`));
});
