// The API key never leaves the Authorization header. Server text is untrusted and could echo the key
// back (a misconfigured proxy, a hostile server): every server message is passed through redactKey
// before it can reach an error, a log, a tree or an export.

/** Replaces every occurrence of `key` in `text` (a key shorter than 4 characters is not worth hunting). */
export function redactKey(text: string, key: string | undefined): string {
  if (!key || key.length < 4) return text;
  return text.split(key).join('[redacted]');
}

/**
 * The CLI's key: PONDER_API_KEY, else OPENAI_API_KEY (the variable the `openai` client and most tools
 * read). Undefined when neither is set: local servers usually need none.
 */
export function apiKeyFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.PONDER_API_KEY?.trim() || env.OPENAI_API_KEY?.trim();
  return key ? key : undefined;
}
