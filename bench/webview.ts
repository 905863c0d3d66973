// The tree view under load, in headless Chromium: first render of a 5,000-node snapshot (target < 200 ms),
// a live search streaming 50 delta messages per second for 10 s (target: no long task over 50 ms), and the
// JavaScript heap after 5,000 nodes.
//
//   npm run bench:webview          (= npx tsx bench/webview.ts [--nodes 5000] [--runs 5] [--seconds 10] [--rate 50])
import type { Page } from 'playwright-core';
import { applyDeltas } from '../src/protocol/tree-apply';
import type { TreeDelta } from '../src/protocol/tree';
import { buildWebview, launchChromium, pollPage } from '../test/support/browser';
import { serveWebviewPage } from '../test/support/webview-page';
import { deltaBatch, largeSnapshot } from '../test/support/webview-trees';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1] ?? fallback) : fallback;
};
const NODES = option('nodes', 5000);
const SECONDS = option('seconds', 10);
const RATE = option('rate', 50);
// First renders measured, each in a fresh page; the median is reported.
const RUNS = option('runs', 5);

/** Message → snapshot drawn → the next frame painted, measured inside the page. */
async function firstRender(page: Page, runId: string): Promise<{ totalMs: number; frameMs: number; phases: Map<string, number> }> {
  const snapshot = largeSnapshot(NODES, runId);
  await page.evaluate(`window.benchSnapshot = ${JSON.stringify({ type: 'snapshot', snapshot })}`);
  const totalMs = await page.evaluate<number>(`new Promise((resolve) => {
    const app = document.getElementById('app');
    const started = performance.now();
    window.postMessage(window.benchSnapshot, '*');
    const check = () => {
      if (app.dataset.nodes === '${NODES}') {
        // The frame after the render has been painted once the next frame starts.
        requestAnimationFrame(() => resolve(performance.now() - started));
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
  const frameMs = Number(await page.evaluate<string>(`document.getElementById('app').dataset.lastRenderMs`));
  // "index 4.1, layout 30.2, …": where the render frame's time went.
  const phaseText = await page.evaluate<string>(`document.getElementById('app').dataset.lastRenderPhases || ''`);
  const phases = new Map(phaseText.split(', ').filter(Boolean).map((part) => {
    const [name = '', ms = ''] = part.split(' ');
    return [name, Number(ms)] as const;
  }));
  return { totalMs, frameMs, phases };
}

async function heapMb(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const usage = await session.send('Runtime.getHeapUsage');
  await session.detach();
  return usage.usedSize / 1024 / 1024;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const server = await serveWebviewPage({ bundleDir: await buildWebview() });
  const browser = await launchChromium();
  try {
    // The figures scale with the machine: print how fast this one runs a fixed loop in the page.
    const calibration = await browser.newPage();
    await calibration.goto(server.url);
    const loopMs = await calibration.evaluate<number>('(() => { const t = performance.now(); let x = 0; for (let i = 0; i < 1e8; i += 1) x += i; return performance.now() - t + (x < 0 ? 1 : 0); })()');
    await calibration.close();
    console.log(`machine: 1e8 additions in the page take ${loopMs.toFixed(0)} ms (a fixed loop, to compare machines and loads)`);
    const renders: { totalMs: number; frameMs: number; phases: Map<string, number> }[] = [];
    let heapAfterSnapshot = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url);
      await pollPage(page, 'window.ponderFakeHost && window.ponderFakeHost.sent.length > 0');
      renders.push(await firstRender(page, `bench-${run}`));
      if (run === RUNS - 1) heapAfterSnapshot = await heapMb(page);
      await page.close();
    }
    console.log(`first render of a ${NODES}-node snapshot (message → painted), ${RUNS} runs: median ${median(renders.map((r) => r.totalMs)).toFixed(0)} ms ` +
      `[${renders.map((r) => r.totalMs.toFixed(0)).join(', ')}]; the render frame's own work: median ${median(renders.map((r) => r.frameMs)).toFixed(0)} ms (target < 200 ms)`);
    const phaseNames = [...(renders[0]?.phases.keys() ?? [])];
    console.log(`  of which (medians): ${phaseNames.map((name) => `${name} ${median(renders.map((r) => r.phases.get(name) ?? NaN)).toFixed(1)} ms`).join(', ')}; ` +
      'the rest of "message → painted" is the message itself, waiting for frames, and the browser styling, laying out, painting and compositing the page');
    console.log(`heap after ${NODES} nodes (after GC): ${heapAfterSnapshot.toFixed(1)} MB`);

    // Streaming: a fresh page with the large tree, then RATE delta messages per second for SECONDS seconds.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await pollPage(page, 'window.ponderFakeHost && window.ponderFakeHost.sent.length > 0');
    await firstRender(page, 'bench-stream');
    let snapshot = largeSnapshot(NODES, 'bench-stream');
    const batches: TreeDelta[][] = [];
    for (let batch = 0; batch < RATE * SECONDS; batch += 1) {
      const deltas = deltaBatch(snapshot, batch);
      snapshot = applyDeltas(snapshot, deltas);
      batches.push(deltas);
    }
    await page.evaluate(`window.benchBatches = ${JSON.stringify(batches)}`);
    const stream = await page.evaluate<{ longTasks: number[]; frames: number; renders: number; elapsedMs: number }>(`new Promise((resolve) => {
      const longTasks = [];
      const observer = new PerformanceObserver((list) => { for (const entry of list.getEntries()) longTasks.push(entry.duration); });
      observer.observe({ type: 'longtask' });
      const app = document.getElementById('app');
      const rendersBefore = Number(app.dataset.renders);
      let frames = 0;
      const countFrames = () => { frames += 1; if (!done) requestAnimationFrame(countFrames); };
      let done = false;
      requestAnimationFrame(countFrames);
      const started = performance.now();
      let sent = 0;
      const timer = setInterval(() => {
        // Keep to the schedule even if a tick was late.
        const due = Math.min(window.benchBatches.length, Math.floor((performance.now() - started) / (1000 / ${RATE})) + 1);
        for (; sent < due; sent += 1) window.postMessage({ type: 'deltas', runId: 'bench-stream', deltas: window.benchBatches[sent] }, '*');
        if (sent >= window.benchBatches.length) {
          clearInterval(timer);
          requestAnimationFrame(() => requestAnimationFrame(() => {
            done = true;
            setTimeout(() => {
              observer.disconnect();
              resolve({ longTasks, frames, renders: Number(app.dataset.renders) - rendersBefore, elapsedMs: performance.now() - started });
            }, 100);
          }));
        }
      }, 1000 / ${RATE});
    })`);
    const nodesAfter = await page.evaluate<string>(`document.getElementById('app').dataset.nodes`);
    const deltasPerBatch = batches.reduce((sum, batch) => sum + batch.length, 0) / batches.length;
    const longest = stream.longTasks.length > 0 ? Math.max(...stream.longTasks) : 0;
    console.log(`streaming ${RATE} delta messages/s (${deltasPerBatch.toFixed(1)} deltas each) for ${SECONDS} s onto ${NODES} nodes: ` +
      `${stream.longTasks.length} long tasks over 50 ms (longest ${longest.toFixed(0)} ms), ${stream.renders} renders in ${stream.frames} frames over ${(stream.elapsedMs / 1000).toFixed(1)} s, ${nodesAfter} nodes at the end`);
    console.log(`heap after streaming (after GC): ${(await heapMb(page)).toFixed(1)} MB`);
    await page.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
