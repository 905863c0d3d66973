// The Markdown report against a generated corpus of XSS payloads (test/support/xss-corpus.ts), rendered by a
// renderer that sanitises nothing (markdown-it with raw HTML and linkify on): the report renders as the text
// the model wrote, with no HTML element of the model's, no link and no image.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import { buildMarkdownExport } from '../../../src/shared/export-markdown';
import { latexToText } from '../../../src/shared/latex-text';
import { node, smallSnapshot } from '../../support/webview-trees';
import { xssCorpus } from '../../support/xss-corpus';

const unsafeRenderer = new MarkdownIt({ html: true, linkify: true });
/** The elements Ponder's own report structure produces. */
const REPORT_TAGS = new Set(['h1', 'h2', 'p', 'blockquote', 'strong', 'em', 'ol', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

function reportOf(payload: string): string {
  const base = smallSnapshot('run-xss');
  const nodes = base.nodes.map((n) => (n.status === 'chosen' ? { ...n, status: 'done' as const } : n));
  const snapshot: TreeSnapshot = {
    ...base,
    problem: payload,
    strategy: payload,
    nodes: [...nodes, node('x1', 'p', 1, { text: payload }), node('xa', 'x1', 2, { kind: 'answer', answer: payload, text: payload, status: 'chosen', score: 0.9 })],
    answers: [{ answer: payload, votes: 1, weight: 0.9, share: 0.5, nodeIds: ['xa'] }],
    chosenAnswer: payload,
    decisions: [{ kind: 'warning', message: payload }],
    error: payload,
  };
  return buildMarkdownExport(snapshot);
}

function decode(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code))).replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

test('every payload of the corpus renders inert and as the text it was', () => {
  const corpus = xssCorpus();
  assert.ok(corpus.length > 2000, `a corpus of ${corpus.length} payloads`);
  const failures: string[] = [];
  for (const payload of corpus) {
    const html = unsafeRenderer.render(reportOf(payload));
    const tags = [...html.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)].map((match) => ({ name: (match[1] ?? '').toLowerCase(), attributes: (match[2] ?? '').trim() }));
    const foreign = tags.filter((tag) => !REPORT_TAGS.has(tag.name)).map((tag) => tag.name);
    // The only attribute is the vote table's column alignment.
    const attributed = tags.filter((tag) => tag.attributes !== '' && !/^style="text-align:(left|right|center)"$/.test(tag.attributes));
    const expected = latexToText(payload).replace(/\u202E/g, '').replace(/\s+/g, ' ').trim();
    if (foreign.length > 0) failures.push(`${JSON.stringify(payload)}: elements ${foreign.join(', ')}`);
    else if (attributed.length > 0) failures.push(`${JSON.stringify(payload)}: attributes ${attributed.map((tag) => tag.attributes).join(', ')}`);
    else if (!decode(html).includes(expected)) failures.push(`${JSON.stringify(payload)}: not shown as written`);
  }
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${corpus.length} payloads`);
});
