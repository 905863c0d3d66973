// A progress bar with ETA for long runs, on stderr and only on a terminal (logs and pipes stay clean).
import { SingleBar } from 'cli-progress';

export interface BenchProgress {
  advance(dataset: string): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream, total: number, alreadyDone: number): BenchProgress {
  if (!stream.isTTY || total === 0) return { advance: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream,
    format: 'bench {bar} {percentage}% | {value}/{total} problems | ETA {eta_formatted} | {dataset}',
    barsize: 30,
    hideCursor: true,
    etaBuffer: 50,
    fps: 5,
  });
  bar.start(total, alreadyDone, { dataset: '' });
  return {
    advance: (dataset) => bar.increment(1, { dataset }),
    stop: () => bar.stop(),
  };
}
