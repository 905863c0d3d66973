// The numeric `--name value` options every benchmark takes, read from the command line.
const args = process.argv.slice(2);

/** The positive number given as `--name N`, or `fallback`; anything else stops the benchmark with a message. */
export function option(name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

/** True when `--name` is on the command line. */
export function flag(name: string): boolean {
  return args.includes(`--${name}`);
}
