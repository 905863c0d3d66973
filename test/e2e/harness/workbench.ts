// What a person sees of the workbench, read the way they would: notifications (their message and buttons,
// and whether a label is cut off), the status bar item, quick-pick rows. Used by the UI journeys.
import type { Locator, Page } from 'playwright-core';
import { runCommand } from './browser';
import { pollUntil } from './poll';

export const TOAST = '.notifications-toasts .notification-toast';

/** The visible notification whose text matches `text`. */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator(TOAST, { hasText: text }).first();
}

export interface ToastView {
  readonly message: string;
  readonly buttons: readonly { readonly label: string; readonly cutOff: boolean }[];
}

/** A notification's message and buttons; `cutOff` is true when a label does not fit its button (an ellipsis). */
/** The little of the DOM the page functions below touch (the test process has no DOM types). */
interface Box {
  readonly textContent: string | null;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  querySelectorAll(selector: string): ArrayLike<Box>;
}

export async function readToast(notification: Locator): Promise<ToastView> {
  const message = await notification.locator('.notification-list-item-message').first().innerText();
  const buttons = await notification.locator('.notification-list-item-buttons-container .monaco-button').evaluateAll((elements: Box[]) =>
    elements.map((element) => {
      const label = (element.textContent ?? '').trim();
      // A label cut by CSS (text-overflow: ellipsis) is wider than its box, on the button or its label span.
      const cut = [element, ...Array.from(element.querySelectorAll('*'))].some((e) => e.scrollWidth > e.clientWidth + 1);
      return { label, cutOff: cut };
    }),
  );
  return { message, buttons };
}

export async function clickToastButton(notification: Locator, label: string): Promise<void> {
  const button = notification.locator('.notification-list-item-buttons-container .monaco-button', { hasText: label }).first();
  // VS Code closes a notification as soon as one of its buttons is clicked. On a loaded machine a click can
  // land while the toast is still animating in and be lost (seen once: the toast stayed, nothing ran); a
  // person would click again, and so does this, but never on a toast that has gone.
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await button.click();
    const closed = await button.waitFor({ state: 'hidden', timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (closed) return;
  }
  throw new Error(`clicking "${label}" three times did not close its notification`);
}

/** Closes every notification (so the next step reads only its own). */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator(TOAST).first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

/** Everything the status bar shows, its message area included. */
export async function statusBarText(page: Page): Promise<string> {
  return page.locator('#workbench\\.parts\\.statusbar').innerText();
}

/** Ponder's status bar item (its idle text ends with the mode). */
export function ponderStatusItem(page: Page): Locator {
  return page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /Ponder|· (adaptive|fixed)/ }).first();
}

/** Waits until Ponder's status bar item reads `pattern`, and returns its text. */
export async function waitForStatus(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return pollUntil(`the status bar to read ${String(pattern)}`, async () => {
    const text = (await ponderStatusItem(page).innerText({ timeout: 1000 }).catch(() => '')).trim();
    return pattern.test(text) ? text : undefined;
  }, { timeoutMs, intervalMs: 200 });
}

/** The accessible name a screen reader announces for Ponder's status bar item. */
export async function statusAccessibleName(page: Page): Promise<string> {
  const item = ponderStatusItem(page);
  const own = await item.getAttribute('aria-label');
  if (own) return own;
  return (await item.locator('[aria-label]').first().getAttribute('aria-label')) ?? '';
}

/** The rows of the open quick pick, once at least one matches `expected`. */
export async function quickPickRows(page: Page, expected: string | RegExp): Promise<string[]> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.monaco-list-row', { hasText: expected }).first().waitFor({ state: 'visible', timeout: 30_000 });
  return widget.locator('.monaco-list-row').allInnerTexts();
}

/** Sentences in a message, for "one clear sentence" (a URL's dots do not end a sentence). */
export function sentences(message: string): string[] {
  return message.split(/(?<=[.!?])\s+(?=[A-Z])/).filter((part) => part.trim() !== '');
}

/**
 * Waits for a notification matching `text`: as a toast, or (VS Code shows at most three toasts and may keep a
 * newer one in the notification centre) in the centre, opened after `toastMs` without a toast.
 */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs: number, toastMs = 20_000): Promise<Locator> {
  const shown = toast(page, text);
  try {
    await shown.waitFor({ state: 'visible', timeout: Math.min(toastMs, timeoutMs) });
    return shown;
  } catch {
    // Not (or no longer) a toast: look in the notification centre.
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await shown.isVisible()) return shown;
    await runCommand(page, 'Notifications: Show Notifications');
    const item = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
    if (await item.isVisible()) return item;
    if (Date.now() > deadline) throw new Error(`no notification matching ${String(text)} within ${timeoutMs} ms (neither a toast nor in the notification centre)`);
    await page.waitForTimeout(2000);
  }
}

/**
 * Waits for the workbench's fade-in of an element (VS Code fades a hover in): a screenshot taken during it
 * shows the hover half transparent over the text beneath. Only finite animations are awaited, so a spinning
 * progress indicator elsewhere cannot hold it up.
 */
/** What `fadedIn` reads of a DOM element (the harness compiles without the DOM library). */
interface Animated {
  getAnimations(options?: { subtree?: boolean }): { readonly effect: { getComputedTiming(): { iterations?: number } } | null; readonly finished: Promise<unknown> }[];
}

export async function fadedIn(element: Locator): Promise<void> {
  await element.evaluate(async (el: Animated & { parentElement: Animated | null }) => {
    const running = el.getAnimations({ subtree: true }).concat(el.parentElement?.getAnimations() ?? []);
    await Promise.all(running.filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined)));
  });
}

/** The text of the hover over the editor line that holds `words`, once it shows an answer. */
export async function hoverTextOver(page: Page, words: string): Promise<string> {
  const line = page.locator('.editor-instance .monaco-editor .view-lines .view-line', { hasText: words }).first();
  // The workbench keeps other, hidden .monaco-hover elements around: wait for the one that shows an answer.
  const hover = page.locator('.monaco-hover', { hasText: /answer/i }).first();
  return pollUntil('a hover over the solved problem', async () => {
    await page.mouse.move(0, 0);
    await line.locator('span > span').first().hover();
    try {
      await hover.waitFor({ state: 'visible', timeout: 3000 });
    } catch {
      return undefined;
    }
    await fadedIn(hover);
    return hover.innerText();
  }, { timeoutMs: 30_000, intervalMs: 300 });
}
