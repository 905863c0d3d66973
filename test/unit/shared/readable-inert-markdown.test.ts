import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { readableInertMarkdown, readableInertMarkdownLines } from '../../../src/shared/readable-inert-markdown';

// A renderer that sanitises nothing: raw HTML and linkify's fuzzy links (example.com, www.x) on.
const md = new MarkdownIt({ html: true, linkify: true });

/** The elements the surrounding structure makes: a list item, a quote, their paragraphs. */
const STRUCTURE = /^<\/?(ol|ul|li|p|blockquote)>$/;

function foreignTags(html: string): string[] {
  return [...html.matchAll(/<\/?[a-z][^>]*>/gi)].map((m) => m[0]).filter((tag) => !STRUCTURE.test(tag));
}

function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

test('plain prose and arithmetic read as written in the source', () => {
  for (const plain of ['What is 38 / 7?', 'First, 7 + 5 = 12.', 'so the answer is 38/7', 'score 0.93 (vote=auto), 100% agreement; N=64', 'x > 3 and y >= 2: done!', 'It costs 5 euros, i.e. 12 - 7.']) {
    assert.equal(readableInertMarkdown(plain), plain);
  }
});

test('what could start markup is escaped: emphasis, code, links, HTML, tables, math, mentions, entities, URLs', () => {
  assert.equal(readableInertMarkdown('2*3*4 and _x_ and ~~y~~'), '2\\*3\\*4 and \\_x\\_ and \\~\\~y\\~\\~');
  assert.equal(readableInertMarkdown('see [a](http://e.example) <b>hi</b> a | b $x$ @me &amp;'), 'see \\[a](http:/\\/e\\.example) \\<b>hi\\</b> a \\| b \\$x\\$ \\@me \\&amp;');
  assert.equal(readableInertMarkdown('visit www.example.com or //cdn.example'), 'visit www\\.example\\.com or /\\/cdn\\.example');
  assert.equal(readableInertMarkdown('AT&T rose 3.5 %'), 'AT&T rose 3.5 %', 'an & that spells no entity stays');
});

test('what would open a block at the start of a line is escaped there only', () => {
  assert.deepEqual(readableInertMarkdownLines('# title\n> quoted\n- item\n+ item\n===\n1. one\n2) two\nplain # not a heading'), [
    '\\# title',
    '\\> quoted',
    '\\- item',
    '\\+ item',
    '\\===',
    '1\\. one',
    '2\\) two',
    'plain # not a heading',
  ]);
});

const hostile = fc.array(
  fc.constantFrom('#', '>', '-', '+', '=', '*', '_', '~', '`', '[', ']', '(', ')', '!', '<', '/', ':', '.', '|', '$', '@', '&', ';', '\\', '1', 'a', 'www', 'http', 'com', 'img', ' ', '\n', '    ', 'x'),
  { maxLength: 40 },
);

test('any text in a list item renders as that text with nothing but the list (property)', () => {
  fc.assert(
    fc.property(hostile, (parts) => {
      const raw = parts.join('');
      const html = md.render(`1. ${readableInertMarkdown(raw)}\n`);
      assert.deepEqual(foreignTags(html), [], html);
      assert.equal(text(html), raw.replace(/\s+/g, ' ').trim(), html);
    }),
    { numRuns: 2000 },
  );
});

test('any multi-line text in a quote renders as its lines with nothing but the quote (property)', () => {
  fc.assert(
    fc.property(hostile, (parts) => {
      const raw = parts.join('');
      const lines = readableInertMarkdownLines(raw);
      const html = md.render(`${(lines.length > 0 ? lines : ['']).map((line) => `> ${line}`).join('\n')}\n`);
      assert.deepEqual(foreignTags(html), [], html);
      assert.equal(text(html), raw.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ').replace(/\s+/g, ' ').trim(), html);
    }),
    { numRuns: 2000 },
  );
});
