// Whether the Ollama host is on this machine, and how the status bar describes it. Pure (no vscode), so it
// is unit-tested in plain Node.

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

export interface HostDescription {
  /** True when problems leave this machine. */
  readonly remote: boolean;
  /** One line naming the host and where it is. */
  readonly line: string;
  /** Present only for a remote host: what that means and where the value comes from. */
  readonly warning?: string;
}

/**
 * The status bar's account of the Ollama host. A remote host is named and marked as such: the setting is
 * machine-scoped, so it can only be there because the user put it in their own settings.
 */
export function describeOllamaHost(host: string): HostDescription {
  if (isLoopbackHost(host)) return { remote: false, line: `Ollama host: ${host} (this machine)` };
  return {
    remote: true,
    line: `Ollama host: ${host} (remote)`,
    warning: `${host} is not on this machine: problems you solve are sent to it. It comes from your user settings (ponder.ollamaHost).`,
  };
}
