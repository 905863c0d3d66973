// Journeys about reading a run: math shown as math (rendered in the details, readable Unicode in labels, the
// hover, the toast and the export, which is named after the problem and opens from its notification); a node
// of the diagram selected with the keyboard brings its details into view; a narrow panel stays usable.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './browser';
import type { JourneyEnv } from './journey-first-contact';
import { panelFrame } from './journey-panel';
import { pollUntil } from './poll';
import { clearNotifications, clickToastButton, hoverTextOver, readToast, toast } from './workbench';

/** LaTeX a person should never read as source: a command such as \frac, \boxed, \sqrt, \times. */
const RAW_LATEX = /\\(frac|dfrac|boxed|sqrt|times|cdot|le|ge|pi|alpha)\b/;

export async function mathJourney(env: JourneyEnv): Promise<void> {
  const { page, shot, log } = env;
  await clearNotifications(page);
  await env.selectProblem(env.problem('38 / 7'));
  await runCommand(page, 'Ponder: Solve Selection');
  const outcome = toast(page, /% of the vote|no answer/);
  await outcome.waitFor({ state: 'visible', timeout: 120_000 });
  const message = (await readToast(outcome)).message;
  assert.doesNotMatch(message, RAW_LATEX, `the toast shows LaTeX source: ${message}`);

  const tree = panelFrame(page);
  const labels = await tree.locator('[role=treeitem]').allInnerTexts();
  const raw = labels.filter((label) => RAW_LATEX.test(label));
  assert.equal(raw.length, 0, `node labels show LaTeX source: ${JSON.stringify(raw.slice(0, 3))}`);

  // The step that gives the answer, opened in the details: rendered with KaTeX.
  const answerStep = tree.locator('[role=treeitem]', { hasText: /answer/i }).last();
  await answerStep.click();
  const details = tree.locator('.details');
  await details.locator('.katex').first().waitFor({ state: 'visible', timeout: 10_000 });
  assert.doesNotMatch(await details.innerText(), RAW_LATEX, 'the details show LaTeX source next to the rendered math');
  await shot('math-details');
  await env.docShot('details', page.locator('iframe.webview.ready').last());

  // The hover over the problem.
  const hover = await hoverTextOver(page, '38 / 7');
  assert.doesNotMatch(hover, RAW_LATEX, `the hover shows LaTeX source: ${hover}`);
  await page.keyboard.press('Escape');

  // The Markdown export: named after the problem, opened from its notification, math as readable text.
  await clearNotifications(page);
  await tree.locator('.controls button', { hasText: 'Export Markdown' }).first().click();
  const dialog = page.locator('.quick-input-widget');
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  // The dialog fills its folder first and the proposed name a moment later.
  const proposed = await pollUntil('the save dialog to propose a file name', async () => {
    const value = await dialog.locator('input').first().inputValue();
    return value.endsWith('.md') ? value : undefined;
  }, { timeoutMs: 10_000, intervalMs: 100 }).catch(() => dialog.locator('input').first().inputValue());
  assert.match(proposed, /ponder-what-is-38-7-\d{4}-\d{2}-\d{2}-\d{4}\.md$/, `the export is offered as ${proposed}`);
  await page.keyboard.press('Enter');
  const exported = toast(page, /exported to/);
  await exported.waitFor({ state: 'visible', timeout: 15_000 });
  await clickToastButton(exported, 'Open');
  const name = proposed.split('/').at(-1) ?? proposed;
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
  const text = readFileSync(join(env.workspace, name), 'utf8');
  const answerLines = text.split('\n').filter((line) => /answer/i.test(line) && !line.startsWith('    ') && !line.startsWith('```'));
  const rawAnswers = answerLines.filter((line) => RAW_LATEX.test(line));
  assert.equal(rawAnswers.length, 0, `the export's answer lines show LaTeX source: ${JSON.stringify(rawAnswers.slice(0, 2))}`);
  // The file is read as source as often as rendered: the problem reads as it was written, not backslashed.
  assert.match(text, /^> What is 38 \/ 7\?$/m, `the export's problem line: ${text.split('\n').find((line) => line.startsWith('> ')) ?? '(none)'}`);
  await shot('math-export-opened');
  assert.ok(await page.locator('iframe.webview.ready').last().isVisible(), 'opening the export hid the tree panel');
  log(`export ${name}: ${answerLines.length} answer line(s), none raw`);
}


export async function diagramKeyboardJourney(env: JourneyEnv): Promise<void> {
  const { page, shot, log } = env;
  const tree = panelFrame(page);
  // The diagram, not the outline: a narrow panel shows one view at a time.
  const diagram = tree.locator('.tree-pane');
  if (!(await diagram.isVisible())) await tree.locator('.controls button[title*="diagram" i]').first().click();
  await diagram.waitFor({ state: 'visible', timeout: 10_000 });
  // Tab from the first control until the focus is on a node of the diagram.
  await tree.locator('.controls button').first().focus();
  const reached = await pollUntil('keyboard focus on a node of the diagram', async () => {
    await page.keyboard.press('Tab');
    const inside = await diagram.evaluate((pane: { contains(node: unknown): boolean; ownerDocument: { activeElement: unknown } }) => {
      const active = pane.ownerDocument.activeElement;
      return active !== pane && pane.contains(active);
    });
    return inside ? true : undefined;
  }, { timeoutMs: 15_000, intervalMs: 50 });
  assert.ok(reached);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const details = tree.locator('.details');
  const inView = await pollUntil('the selected node\'s details in view', async () => {
    const box = await details.evaluate((element: { getBoundingClientRect(): { top: number; bottom: number; height: number }; textContent: string | null; ownerDocument: { defaultView: { innerHeight: number } | null } }) => {
      const rect = element.getBoundingClientRect();
      const height = element.ownerDocument.defaultView?.innerHeight ?? 0;
      return { visible: rect.height > 0 && rect.top < height && rect.bottom > 0, text: (element.textContent ?? '').trim() };
    });
    return box.visible && box.text.length > 0 ? box : undefined;
  }, { timeoutMs: 10_000, intervalMs: 200 });
  await shot('diagram-keyboard');
  await env.docShot('diagram', page.locator('iframe.webview.ready').last());
  log(`details in view after a keyboard selection: ${inView.text.slice(0, 60)}`);
}

/** The panel at a narrow width: the toolbar stays a row or two and the Answers table keeps its columns. */
export async function narrowPanelJourney(env: JourneyEnv): Promise<void> {
  const { page, shot, log } = env;
  const wide = page.viewportSize() ?? { width: 1400, height: 900 };
  await page.setViewportSize({ width: 760, height: wide.height });
  try {
    const tree = panelFrame(page);
    await pollUntil('the panel to lay out at the narrow width', async () => ((await tree.locator('body').evaluate((b: { clientWidth: number }) => b.clientWidth)) < 420 ? true : undefined), {
      timeoutMs: 10_000,
    });
    const width = await tree.locator('body').evaluate((b: { clientWidth: number }) => b.clientWidth);
    const toolbar = await tree.locator('.controls').first().boundingBox();
    await shot('narrow-panel');
    assert.ok(toolbar, 'no toolbar in the panel');
    assert.ok(toolbar.height <= 72, `the toolbar takes ${Math.round(toolbar.height)} px at a ${width} px panel`);
    // The panel lays itself out to the window: only its bands scroll, so the title and toolbar stay in view
    // after the previous journey brought a node's details into view.
    const pageScroll = await tree.locator('body').evaluate((b: { ownerDocument: { scrollingElement: { scrollTop: number } | null } }) => b.ownerDocument.scrollingElement?.scrollTop ?? 0);
    assert.equal(pageScroll, 0, `the panel's page is scrolled by ${pageScroll} px: its title and toolbar are partly out of view`);
    const headers = await tree.locator('table th').allInnerTexts();
    assert.ok(headers.some((h) => /share/i.test(h)), `the Answers table lost its Share column: ${JSON.stringify(headers)}`);
    log(`narrow panel ${width} px: toolbar ${Math.round(toolbar.height)} px high`);
  } finally {
    await page.setViewportSize(wide);
  }
}
