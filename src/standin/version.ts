// Feature gates by server version, so a stand-in configured as an older Ollama behaves like one and
// clients' feature detection (GET /api/version) can be tested against it.

/** Compares dotted versions numerically ("0.12.11" > "0.9.0"); a pre-release suffix is ignored. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): number[] =>
    v
      .replace(/^v/, '')
      .split(/[-+]/)[0]!
      .split('.')
      .map((part) => Number.parseInt(part, 10) || 0);
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

export interface Features {
  /** `logprobs`/`top_logprobs` (0.12.11). Older servers ignore both fields. */
  readonly logprobs: boolean;
  /** `think: bool` and separate thinking output (0.9.0). Older servers inline `<think>` in the text. */
  readonly think: boolean;
  /** `think: "low"|"medium"|"high"` (0.11.0). */
  readonly thinkLevels: boolean;
  /** `think: "max"` (0.22.0). */
  readonly thinkMax: boolean;
}

export function featuresOf(version: string): Features {
  const atLeast = (v: string): boolean => compareVersions(version, v) >= 0;
  return {
    logprobs: atLeast('0.12.11'),
    think: atLeast('0.9.0'),
    thinkLevels: atLeast('0.11.0'),
    thinkMax: atLeast('0.22.0'),
  };
}
