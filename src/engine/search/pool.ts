// Runs `count` tasks with at most `parallelism` in flight, starting tasks in index order and no new one
// once `shouldStop()` says so. Tasks must not throw: each reports its own outcome.

export async function runPool<T>(
  count: number,
  parallelism: number,
  task: (index: number) => Promise<T>,
  shouldStop: () => boolean,
): Promise<{ results: (T | undefined)[]; started: number }> {
  const results: (T | undefined)[] = new Array<T | undefined>(count).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && !shouldStop()) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  const workers = Math.max(1, Math.min(count, Math.floor(parallelism)));
  await Promise.all(Array.from({ length: workers }, worker));
  return { results, started: next };
}
