// Numbers as people read them in progress messages and the status bar. Pure, unit-tested in plain Node.

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

const UNIT_BYTES: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

/** The bytes downloaded so far, read from the server's "status: 1.2 GB / 2.0 GB" progress message. */
export function completedBytes(message: string | undefined): number | undefined {
  const match = /(\d+(?:\.\d+)?)\s*(B|kB|KB|MB|GB|TB)\s*\//.exec(message ?? '');
  return match ? Number(match[1]) * (UNIT_BYTES[match[2] ?? ''] ?? 1) : undefined;
}

export function formatTokens(tokens: number): string {
  return tokens >= 1000 ? `${(tokens / 1000).toFixed(1)}k` : String(tokens);
}

/**
 * Text from the server or a model, made safe for a notification: VS Code turns `[label](target)` in a
 * notification's message into a link (command: links included), so the pattern is broken with a zero-width
 * space and the text reads the same.
 */
export function inertNotificationText(text: string): string {
  return text.replace(/\]\s*\(/g, ']\u200b(');
}
