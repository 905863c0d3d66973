import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { commandLink, inertMarkdown } from '../../../src/shared/inert-markdown';

const md = new MarkdownIt({ html: true, linkify: true });

test('hostile text renders as the same text, with no link, image, HTML or formatting', () => {
  const hostile = '[x](command:workbench.action.quit) <img src=x onerror=alert(1)> ![i](file:///etc/passwd) https://e.example a@b.co `c` *b* _i_ # h | t |';
  const html = md.renderInline(inertMarkdown(hostile));
  assert.doesNotMatch(html, /<(?!\/?p>)[a-z]/i, html);
  assert.equal(decode(html), hostile);
});

test('any text stays plain text (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), (text) => {
      const html = md.renderInline(inertMarkdown(text, 1000));
      assert.doesNotMatch(html, /<[a-z]/i, html);
      assert.equal(decode(html), text.replace(/\s+/g, ' ').trim());
    }),
    { numRuns: 500 },
  );
});

test('long or multi-line text becomes one short line', () => {
  assert.equal(inertMarkdown('a\n\nb\tc'), 'a b c');
  assert.equal(inertMarkdown('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
});

test('command links carry their arguments encoded', () => {
  const link = commandLink('Show [tree]', 'ponder.showReasoningTree', ['run-1']);
  assert.equal(link, `[Show \\[tree\\]](command:ponder.showReasoningTree?${encodeURIComponent('["run-1"]')})`);
  assert.match(md.renderInline(link), /^<a href="command:ponder\.showReasoningTree\?%5B%22run-1%22%5D">Show \[tree\]<\/a>$/);
});

function decode(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
