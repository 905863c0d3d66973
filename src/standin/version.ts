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
  /** `truncate` and `shift` on /api/generate and /api/chat (0.12.7, api/types.go). */
  readonly truncateShift: boolean;
  /**
   * Models run in llama.cpp's llama-server instead of Ollama's Go runner (0.30.0, commit 9db4bdba): its
   * slot choice, prompt cache and context handling; OLLAMA_MULTIUSER_CACHE no longer exists.
   */
  readonly llamaServer: boolean;
  /**
   * prompt_eval_count counts only the prompt tokens not served from the cache. True in exactly 0.30.0
   * (llm/llama_server.go reports llama-server's `prompt_n`); 0.30.1 went back to the whole prompt
   * (`cache_n + prompt_n`), as the Go runner always reported it (`numPromptInputs = len(inputs)`,
   * runner/ollamarunner/runner.go v0.13.0).
   */
  readonly promptEvalCountUncached: boolean;
}

export function featuresOf(version: string): Features {
  const atLeast = (v: string): boolean => compareVersions(version, v) >= 0;
  return {
    logprobs: atLeast('0.12.11'),
    think: atLeast('0.9.0'),
    thinkLevels: atLeast('0.11.0'),
    thinkMax: atLeast('0.22.0'),
    truncateShift: atLeast('0.12.7'),
    llamaServer: atLeast('0.30.0'),
    promptEvalCountUncached: atLeast('0.30.0') && !atLeast('0.30.1'),
  };
}
