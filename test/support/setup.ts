// Loaded before every test file (see scripts/test.mjs). A test file fails when, after all its tests,
// something is still holding the process open (a socket, a server, a timer) or a promise was rejected
// with no handler: both are bugs the user would meet as leaks or crashes.
import { after } from 'node:test';
import fc from 'fast-check';

// Property tests run on a fixed seed so a CI run is reproducible; PONDER_FC_SEED=random (or a number)
// explores other inputs, and a failure prints the seed that reproduces it.
const seedSetting = process.env.PONDER_FC_SEED;
if (seedSetting !== 'random') fc.configureGlobal({ seed: seedSetting === undefined ? 20261128 : Number(seedSetting) });

/** Resources the test runner itself owns in a child process. */
// File-system requests are included: tsx writes its compile cache in the background on a cold cache.
const RUNNER_RESOURCES = new Set(['PipeWrap', 'TTYWrap', 'FSReqCallback', 'FSReqPromise', 'CloseReq', 'ProcessWrap', 'SignalWrap']);

const baseline = new Map<string, number>();
for (const name of process.getActiveResourcesInfo()) baseline.set(name, (baseline.get(name) ?? 0) + 1);

after(async () => {
  // Give closing sockets one turn of the event loop to finish closing.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) counts.set(name, (counts.get(name) ?? 0) + 1);
  const leaked: string[] = [];
  for (const [name, count] of counts) {
    const extra = count - (baseline.get(name) ?? 0);
    if (extra > 0 && !RUNNER_RESOURCES.has(name)) leaked.push(`${name} ×${extra}`);
  }
  if (leaked.length > 0) {
    // Do not hang the run on the leak: report it and let the process end.
    setTimeout(() => process.exit(1), 200).unref();
    throw new Error(`open handles after the tests: ${leaked.join(', ')}`);
  }
});
