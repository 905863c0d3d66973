import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { countTokens, tokenize } from '../../../src/engine/model/sim/tokenizer';

test('tokens concatenate back to the exact text, whatever the text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => tokenize(text).join('') === text),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.array(fc.constantFrom('12345', ' ', '\n\n', 'word', 'Ünïcödé', '😀', ',', '\t', '= ', '\\boxed{'), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      return tokenize(text).join('') === text && tokenize(text).every((t) => t.length > 0);
    }),
  );
});

test('numbers split into chunks of at most three digits, left to right', () => {
  assert.deepEqual(tokenize('1234567'), ['123', '456', '7']);
  assert.deepEqual(tokenize('x = 1,234.5'), ['x', ' =', ' 1', ',', '234', '.', '5']);
});

test('whitespace is attached to the token that follows it; trailing whitespace stands alone', () => {
  assert.deepEqual(tokenize('17 + 5 = 22.\n\nNext'), ['17', ' +', ' 5', ' =', ' 22', '.', '\n\nNext']);
  assert.deepEqual(tokenize('end \n'), ['end', ' \n']);
  assert.deepEqual(tokenize(''), []);
});

test('the same text always gives the same tokens', () => {
  const text = 'She buys 5 more, so she has 12 + 5 = 17 pencils.';
  assert.deepEqual(tokenize(text), tokenize(text));
});

test('ordinary English comes to roughly four characters per token', () => {
  const prose =
    'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. ' +
    'How many clips did Natalia sell altogether in April and May? Weng earns $12 an hour for babysitting. ' +
    'Yesterday, she just did 50 minutes of babysitting. How much did she earn? Betty is saving money for a ' +
    'new wallet which costs $100. Betty has only half of the money she needs. Her parents decided to give her ' +
    '$15 for that purpose, and her grandparents twice as much as her parents.';
  const ratio = prose.length / countTokens(prose);
  assert.ok(ratio > 3.3 && ratio < 4.8, `characters per token: ${ratio.toFixed(2)}`);
});
