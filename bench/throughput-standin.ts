// The stand-in in its own process for bench/throughput.ts, as Ollama runs beside its clients: prints its
// URL as one JSON line, serves until stdin closes (the parent exits or ends it), then closes cleanly.
//
//   npx tsx bench/throughput-standin.ts <slots> <latency-ms>
import { startStandin } from '../src/standin';

async function main(): Promise<void> {
  const [slots, latency] = process.argv.slice(2).map(Number);
  const standin = await startStandin({ parallel: slots ?? 4, tokenLatencyMs: latency ?? 2 });
  process.stdout.write(`${JSON.stringify({ url: standin.url })}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    const stats = standin.stats();
    process.stderr.write(`${JSON.stringify({ peakActiveGenerations: stats.peakActiveGenerations, rejectedQueueFull: stats.rejectedQueueFull })}\n`);
    void standin.close().then(() => process.exit(0));
  });
}

void main();
