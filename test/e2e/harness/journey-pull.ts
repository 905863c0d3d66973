// Journey: pulling a model. A person types a model name into "Pull Model…", watches the progress, cancels a
// pull that has stopped moving (the server stalls mid-download), and pulls again: the cancel closes the
// download on the server and installs nothing, the second pull finishes, and "Use <model>" makes it the model
// that answers, as the status bar then says.
import assert from 'node:assert/strict';
import { runCommand } from './browser';
import type { JourneyEnv } from './journey-first-contact';
import { pollUntil } from './poll';
import { clearNotifications, clickToastButton, fadedIn, readToast, statusBarText, toast, waitForStatus } from './workbench';

/** In the stand-in's registry, not installed: a pull downloads it. */
const MODEL = 'qwen2-math:1.5b';

async function installed(env: JourneyEnv): Promise<string[]> {
  const response = await fetch(`${env.standin.url}/api/tags`);
  const body = (await response.json()) as { models?: { name?: string }[] };
  return (body.models ?? []).map((m) => m.name ?? '');
}

/** Runs "Pull Model…" and asks for MODEL by typing its name. */
async function startPull(env: JourneyEnv): Promise<void> {
  const { page } = env;
  await runCommand(page, 'Ponder: Pull Model');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: 'Ponder: Pull Model' }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.type(MODEL);
  await widget.locator('.monaco-list-row', { hasText: 'pull this name' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

export async function pullJourney(env: JourneyEnv): Promise<void> {
  const { page, standin, shot, log } = env;
  await clearNotifications(page);
  assert.ok(!(await installed(env)).includes(MODEL), `${MODEL} is installed before the journey`);

  // The download stops moving after a few progress lines and never ends: only Cancel can end it.
  await standin.setFaults([{ kind: 'stallMidStream', afterChunks: 6, paths: ['/api/pull'], times: 1 }]);
  const before = standin.stats();
  await startPull(env);
  const progress = toast(page, `Ponder: pulling ${MODEL}`);
  await progress.waitFor({ state: 'visible', timeout: 30_000 });
  await standin.waitFor((stats) => stats.pullsStarted > before.pullsStarted && stats.openRequests > 0, 15_000);
  await fadedIn(progress);
  await shot('pull-progress');
  const progressView = await readToast(progress);
  assert.ok(progressView.buttons.some((b) => b.label === 'Cancel'), `the pull's notification has no Cancel: ${JSON.stringify(progressView)}`);
  await clickToastButton(progress, 'Cancel');
  const closed = await standin.waitFor((stats) => stats.openRequests === 0, 15_000).catch(() => standin.stats());
  assert.equal(closed.openRequests, 0, 'Cancel left the download open on the server');
  assert.equal(closed.pullsCompleted, before.pullsCompleted, 'a cancelled pull completed');
  // Said quietly, in the status bar's message area.
  await pollUntil('the status bar to say the pull was cancelled', async () => (/pull of qwen2-math:1\.5b cancelled; nothing was installed/.test(await statusBarText(page)) ? true : undefined), {
    timeoutMs: 15_000,
    intervalMs: 200,
  });
  assert.ok(!(await installed(env)).includes(MODEL), `${MODEL} is installed after a cancelled pull`);
  log('a stalled pull cancelled: the download was closed and nothing installed');

  // Again, with nothing in the way: it finishes, and "Use" makes it the model that answers.
  await standin.setFaults([]);
  await clearNotifications(page);
  await startPull(env);
  const done = toast(page, `${MODEL} is installed`);
  await done.waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(standin.stats().pullsCompleted, before.pullsCompleted + 1, 'the second pull did not complete on the server');
  assert.ok((await installed(env)).includes(MODEL), `${MODEL} is not listed after its pull`);
  await fadedIn(done);
  // What the cancelled pull said has made way for the new one: the status bar contradicts no toast.
  assert.doesNotMatch(await statusBarText(page), /nothing was installed/, 'the status bar still says the cancelled pull installed nothing');
  await shot('pull-installed');
  await clickToastButton(done, `Use ${MODEL}`);
  await waitForStatus(page, /qwen2-math:1\.5b/);
  log(`${MODEL} pulled and in use`);
}
