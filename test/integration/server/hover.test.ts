// Hover over a solved range: shown while the text is unchanged, moved by edits above it, dropped by an
// edit inside it or by closing the document; model text in it is inert.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { Hover } from 'vscode-languageserver-protocol';
import { EXPLAIN_METHOD, GET_RUN_METHOD, HOVER_COMMANDS } from '../../../src/protocol/lsp';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import type { ExplainResult, Position, Range } from '../../../src/protocol/lsp';
import type { SimRequest, SimResponse } from '../../../src/engine/model/sim/types';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { ServerHarness } from './harness';

const URI = 'file:///work/homework.md';
const LINES = ['# Homework', 'What is 12 * 7 + 5?', 'Done.'];
const PROBLEM_RANGE: Range = { start: { line: 1, character: 0 }, end: { line: 1, character: LINES[1]?.length ?? 0 } };

async function hover(server: ServerHarness, position: Position): Promise<Hover | null> {
  return server.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position });
}

function markdownOf(result: Hover | null): string {
  const contents = result?.contents;
  assert.ok(contents && typeof contents === 'object' && 'kind' in contents, 'a Markdown hover');
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

/** Every link and image target in the rendered hover, as a renderer with HTML and auto-linking on sees it. */
function targetsIn(markdown: string): { html: string; hrefs: string[] } {
  const html = new MarkdownIt({ html: true, linkify: true }).render(markdown);
  const hrefs = [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1] ?? '');
  return { html, hrefs };
}

describe('hover over a solved range', () => {
  let server: ServerHarness;
  before(async () => {
    server = await ServerHarness.start({ useSimulatedModel: true });
  });
  after(() => server.close());

  test('follows edits above it, disappears after an edit inside it or when the document closes', async () => {
    await server.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'markdown', version: 1, text: LINES.join('\n') } });
    assert.equal(await hover(server, { line: 1, character: 3 }), null, 'nothing solved yet');
    const result = await server.solve({ problem: LINES[1] ?? '', uri: URI, range: PROBLEM_RANGE, version: 1, mode: 'fixed', strategy: 'weighted', samples: 4 });
    assert.equal(result.answer, '89');

    const first = await hover(server, { line: 1, character: 3 });
    const markdown = markdownOf(first);
    assert.match(markdown, /answer: \*\*89\*\*/);
    assert.match(markdown, /confidence \d+%/);
    assert.match(markdown, /Strategy weighted/);
    assert.match(markdown, /\d+ tokens generated/);
    assert.match(markdown, /\d+ calls/);
    assert.match(markdown, /Best chain/);
    assert.match(markdown, /^1\. .+`\d\.\d\d`$/m, 'steps with their scores');
    assert.doesNotMatch(markdown, /^Stopped/m, 'a fixed budget drawn in full needs no reason for where it stopped');
    assert.ok(markdown.includes(`command:${HOVER_COMMANDS.showTree}?${encodeURIComponent(JSON.stringify([result.runId]))}`));
    assert.ok(markdown.includes(`command:${HOVER_COMMANDS.solveAgain}?${encodeURIComponent(JSON.stringify([result.runId, result.usage.tokenCap * 2]))}`));
    assert.deepEqual(first?.range, PROBLEM_RANGE);
    assert.equal(await hover(server, { line: 0, character: 3 }), null, 'outside the range');

    const explained = await server.request<ExplainResult | null>(EXPLAIN_METHOD, { uri: URI, position: { line: 1, character: 0 } });
    assert.equal(explained?.markdown, markdown);
    assert.equal(explained.runId, result.runId);

    // A line inserted above moves the range down one line.
    await server.notify('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Intro\n' }],
    });
    assert.equal(await hover(server, { line: 1, character: 3 }), null);
    const moved = await hover(server, { line: 2, character: 3 });
    assert.deepEqual(moved?.range, { start: { line: 2, character: 0 }, end: { line: 2, character: PROBLEM_RANGE.end.character } });
    // "Solve again with twice the budget": the rerun repeats the problem on the moved range.
    const rerun = await server.solve({ problem: '', rerunOf: result.runId, tokenCap: result.usage.tokenCap * 2, mode: 'fixed', strategy: 'majority', samples: 2 });
    assert.equal(rerun.answer, '89');
    assert.equal(rerun.usage.tokenCap, result.usage.tokenCap * 2);
    const rerunHover = await server.request<ExplainResult | null>(EXPLAIN_METHOD, { uri: URI, position: { line: 2, character: 3 } });
    assert.equal(rerunHover?.runId, rerun.runId);
    // An edit after the range leaves it alone.
    await server.notify('textDocument/didChange', {
      textDocument: { uri: URI, version: 3 },
      contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } }, text: 'Finished.' }],
    });
    assert.ok(await hover(server, { line: 2, character: 3 }));
    // An edit inside the problem's text drops the result.
    await server.notify('textDocument/didChange', {
      textDocument: { uri: URI, version: 4 },
      contentChanges: [{ range: { start: { line: 2, character: 8 }, end: { line: 2, character: 10 } }, text: '13' }],
    });
    assert.equal(await hover(server, { line: 2, character: 3 }), null);

    // A new solve on the changed text, then closing the document drops it.
    const range: Range = { start: { line: 2, character: 0 }, end: { line: 2, character: PROBLEM_RANGE.end.character } };
    const again = await server.solve({ problem: 'What is 13 * 7 + 5?', uri: URI, range, version: 4, mode: 'fixed', strategy: 'majority', samples: 2 });
    assert.equal(again.answer, '96');
    assert.match(markdownOf(await hover(server, { line: 2, character: 0 })), /\*\*96\*\*/);
    await server.configure({ useSimulatedModel: true, hoverEnabled: false });
    assert.equal(await hover(server, { line: 2, character: 0 }), null, 'hovers switched off');
    await server.configure({ useSimulatedModel: true, hoverEnabled: true });
    assert.ok(await hover(server, { line: 2, character: 0 }));
    await server.notify('textDocument/didClose', { textDocument: { uri: URI } });
    assert.equal(await hover(server, { line: 2, character: 0 }), null);
  });

  test('says why the run stopped where it did, and the difficulty its probe estimated, as in the run’s decisions', async () => {
    const uri = 'file:///work/adaptive.md';
    const problem = 'What is 12 * (7 + 5)?';
    await server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: problem } });
    const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: problem.length } };
    const result = await server.solve({ problem, uri, range, version: 1, mode: 'adaptive' });
    assert.equal(result.answer, '144');
    const explained = await server.request<ExplainResult | null>(EXPLAIN_METHOD, { uri, position: { line: 0, character: 1 } });
    const markdown = explained?.markdown ?? '';
    const line = /^Stopped after (\d+) samples?: (.+) · difficulty (\d\.\d\d) \(bin (\d) of 5\)$/m.exec(markdown);
    assert.ok(line, markdown);
    // The same figures as the run's own decisions (ponder/getRun), and the answer is not repeated in the line.
    const tree = await server.request<TreeSnapshot>(GET_RUN_METHOD, { runId: result.runId });
    const difficulty = tree.decisions.find((d) => d.kind === 'difficulty')?.data;
    const stop = tree.decisions.find((d) => d.kind === 'stop' && d.data?.stopReason === undefined);
    assert.equal(Number(line[1]), stop?.data?.samples);
    assert.equal(Number(line[4]), difficulty?.bin);
    assert.equal(line[3], Number(difficulty?.difficulty).toFixed(2));
    assert.ok(stop?.message.startsWith(line[2]?.replace(/\\/g, '') ?? '—'), `${line[2]} / ${stop?.message}`);
    assert.ok(!line[2]?.includes('144'), 'the answer is said once, at the top');
  });
});

const HOSTILE =
  'See [x](command:workbench.action.quit) and <img src=x onerror=alert(1)> and ![i](file:///etc/passwd) ' +
  'or https://evil.example/steal and `code` *bold* | table | # heading &amp;\n\n' +
  'Therefore the answer is \\boxed{7}.';

/** A backend whose every generation is the hostile text above. */
function hostileRespond(_request: SimRequest): SimResponse {
  const pieces = HOSTILE.match(/[\s\S]{1,3}/g) ?? [];
  return { tokens: pieces.map((text) => ({ text, logprob: -0.1, top: [{ token: text, logprob: -0.1 }], thinking: false })), doneReason: 'stop' };
}

describe('hover Markdown with hostile model text', () => {
  let standin: Standin;
  let server: ServerHarness;
  before(async () => {
    standin = await startStandin({ respond: hostileRespond });
    server = await ServerHarness.start({ ollamaHost: standin.url });
  });
  after(async () => {
    await server.close();
    await standin.close();
  });

  test('keeps model text inert: no links but Ponder\'s own, no images, no HTML', async () => {
    const problem = 'What is 3 + 4? [x](command:workbench.action.quit) <img src=x onerror=alert(1)>';
    await server.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'markdown', version: 1, text: problem } });
    const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: problem.length } };
    const result = await server.solve({ problem, uri: URI, range, version: 1, mode: 'fixed', strategy: 'majority', samples: 2 });
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '7');
    const markdown = markdownOf(await hover(server, { line: 0, character: 1 }));
    assert.ok(markdown.includes('workbench'), 'the hostile step is shown, as text');
    const { html, hrefs } = targetsIn(markdown);
    assert.ok(hrefs.length >= 2);
    for (const href of hrefs) assert.match(href, /^command:ponder\.(showReasoningTree|solveAgainWithMoreBudget)\?/, `unexpected link target ${href}`);
    assert.doesNotMatch(html, /<img|<b>|<code>|<em>|<strong>[^<]*workbench|<h\d|<table/);
    assert.ok(html.includes('&lt;img src'), 'the HTML is shown as text');
  });
});
