// Whether the Ollama host is on this machine. Pure (no vscode), so it is unit-tested in plain Node.

/** True for addresses on this machine (the only ones Ponder ever uses by default). */
export function isLoopbackHost(host: string): boolean {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `http://${host}`);
    const name = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
  } catch {
    return false;
  }
}
