// Journey: an OpenAI-compatible server (vLLM) instead of Ollama. The person points Ponder at a server started
// with an API key: the first solve is refused, and the notification says the key is what is missing and
// offers "Set API Key…" (not Ollama's download or its demo model); the key typed into the password box
// solves the problem on that server. With the server's address wrong, the notification says the server is not
// answering and where its address is set; a model it does not serve is not offered for pulling.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { startStandin } from '../../../src/standin';
import { freePort } from './ports';
import { runCommand } from './browser';
import type { JourneyEnv } from './journey-first-contact';
import type { ToastView } from './workbench';
import { clearNotifications, clickToastButton, fadedIn, readToast, toast } from './workbench';

const API_KEY = 'sk-ponder-e2e-7f3a';

/**
 * With the backend set to an OpenAI-compatible server at `baseUrl` serving (or not) `model`, solves the
 * arithmetic problem and returns the notification matching `outcome`, faded in, with what it says.
 */
async function solveOn(env: JourneyEnv, baseUrl: string, model: string, outcome: RegExp): Promise<{ notification: Locator; view: ToastView }> {
  env.writeSettings({ 'ponder.backend': 'openai', 'ponder.openaiBaseUrl': baseUrl, 'ponder.model': model });
  await clearNotifications(env.page);
  await env.selectProblem(env.problem('What is 12'));
  await runCommand(env.page, 'Ponder: Solve Selection');
  const notification = toast(env.page, outcome);
  await notification.waitFor({ state: 'visible', timeout: 60_000 });
  await fadedIn(notification);
  return { notification, view: await readToast(notification) };
}

export async function openaiJourney(env: JourneyEnv): Promise<void> {
  const { page, shot, log } = env;
  // A vLLM-like server of its own, which wants a key (vLLM's --api-key).
  const server = await startStandin({ dialect: 'openai', apiKey: API_KEY, parallel: 4, tokenLatencyMs: 5 });
  try {
    const { notification: refused, view } = await solveOn(env, `${server.url}/v1`, 'qwen2.5:1.5b', /API key/);
    log(`without a key: ${JSON.stringify(view)}`);
    assert.doesNotMatch(view.message, /Ollama|`/, `the notification speaks of Ollama or shows Markdown: ${view.message}`);
    assert.deepEqual(view.buttons.map((b) => b.label), ['Set API Key…']);
    await shot('openai-key-refused');
    const before = server.stats().generationsStarted;
    await clickToastButton(refused, 'Set API Key…');
    const box = page.locator('.quick-input-widget');
    await box.locator('.quick-input-title', { hasText: 'API key' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await box.locator('input').getAttribute('type'), 'password', 'the key is typed into a box that shows it');
    await page.keyboard.type(API_KEY);
    await page.keyboard.press('Enter');
    // The solve runs again by itself, now with the key.
    const answered = toast(page, /% of the vote|no answer/);
    await answered.waitFor({ state: 'visible', timeout: 120_000 });
    assert.ok(server.stats().generationsStarted > before, 'the solve after the key reached no generation on the server');
    log(`with the key: ${(await readToast(answered)).message}`);

    // A model the server does not serve: nothing to pull, another to choose.
    const { view: unservedView } = await solveOn(env, `${server.url}/v1`, 'llama3.2:1b', /not served/);
    log(`a model not served: ${JSON.stringify(unservedView)}`);
    assert.match(unservedView.message, /llama3\.2:1b is not served at http:\/\/127\.0\.0\.1:\d+\/v1/);
    assert.deepEqual(unservedView.buttons.map((b) => b.label), ['Choose Model']);

    // The address wrong (nothing listens there): said for this server, with where its address is set.
    const closed = await freePort();
    const { view: downView } = await solveOn(env, `http://127.0.0.1:${closed}/v1`, 'qwen2.5:1.5b', /not answering/);
    log(`server down: ${JSON.stringify(downView)}`);
    assert.match(downView.message, /OpenAI-compatible server is not answering at .*127\.0\.0\.1:\d+.*ponder\.openaiBaseUrl/);
    assert.doesNotMatch(downView.message, /Ollama/);
    assert.deepEqual(downView.buttons.map((b) => b.label).sort(), ['Open Settings', 'Retry']);
    for (const button of downView.buttons) assert.equal(button.cutOff, false, `the button "${button.label}" is cut off`);
    await shot('openai-server-down');
  } finally {
    env.writeSettings({});
    await server.close();
  }
}
