// Which machine answers: whether the Ollama host is on the machine Ponder runs on, which machine that is in
// a remote window (Remote-SSH, WSL, Dev Containers, Codespaces), and how the status bar says so. Pure (no
// vscode), so it is unit-tested in plain Node.

/** True for addresses on this machine (the only ones Ponder ever uses by default). */
export function isLoopbackHost(host: string): boolean {
  const name = hostName(host);
  return name !== undefined && (name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name));
}

function hostName(host: string): string | undefined {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `http://${host}`);
    const name = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

/**
 * Where Ponder's extension host runs. `remoteName` is VS Code's `env.remoteName` (undefined in a local
 * window); `runsOnUiSide` is true when the extension runs on the user's own computer (ExtensionKind.UI),
 * which is where Ponder prefers to run, so that 127.0.0.1 is the computer in front of the user.
 */
export interface Place {
  readonly remoteName?: string | undefined;
  readonly runsOnUiSide: boolean;
}

export const LOCAL_PLACE: Place = { runsOnUiSide: true };

/** The machine Ponder (and so a loopback Ollama host) is on: `short` for the status bar, none when local. */
export function ponderMachine(place: Place): { readonly short?: string; readonly long: string } {
  if (place.remoteName === undefined || place.remoteName === '' || place.runsOnUiSide) return { long: 'this computer' };
  switch (place.remoteName) {
    case 'ssh-remote':
      return { short: 'SSH host', long: 'the SSH host of this window' };
    case 'wsl':
      return { short: 'WSL', long: 'WSL (the Linux side of this window)' };
    case 'dev-container':
    case 'attached-container':
      return { short: 'dev container', long: 'the dev container of this window' };
    case 'codespaces':
      return { short: 'codespace', long: 'the codespace of this window' };
    case 'tunnel':
      return { short: 'tunnel host', long: 'the tunnel host of this window' };
    default:
      return { short: 'remote', long: 'the remote machine of this window' };
  }
}

export interface HostDescription {
  /** True when problems leave the machine Ponder runs on for another one named in the settings. */
  readonly remote: boolean;
  /** One line naming the host and the machine that answers. */
  readonly line: string;
  /** The answering machine in a word or two, for the status bar; undefined for this computer. */
  readonly machine?: string;
  /** Present only for a remote host: what that means and where the value comes from. */
  readonly warning?: string;
}

/**
 * The status bar's account of the Ollama host. A remote host is named and marked as such: the setting is
 * machine-scoped, so it can only be there because the user put it in their own settings.
 */
export function describeOllamaHost(host: string, place: Place = LOCAL_PLACE): HostDescription {
  if (isLoopbackHost(host)) {
    const machine = ponderMachine(place);
    return { remote: false, line: `Ollama: ${host} on ${machine.long}`, ...(machine.short ? { machine: machine.short } : {}) };
  }
  const name = hostName(host) ?? host;
  return {
    remote: true,
    line: `Ollama: ${host} on another machine (${name})`,
    machine: name,
    warning: `${host} is not on this machine: problems you solve are sent to it. It comes from your user settings (ponder.ollamaHost).`,
  };
}

/** Where a solve's text goes with these settings: the generator's server(s) and, with a PRM, its server. */
export interface ServerDescription extends HostDescription {
  /** One warning per address (of the settings named in it) that is not on this machine. */
  readonly warnings: readonly string[];
}

export function describeServers(
  settings: { readonly backend: string; readonly ollamaHost: string; readonly openaiBaseUrl: string; readonly verifier: string; readonly verifierBaseUrl: string },
  place: Place = LOCAL_PLACE,
): ServerDescription {
  const openaiUrls = settings.openaiBaseUrl.split(',').map((u) => u.trim()).filter((u) => u !== '');
  const warnings: string[] = [];
  const away = (url: string, setting: string, what: string): void => {
    if (!isLoopbackHost(url)) warnings.push(`${url} is not on this machine: ${what} It comes from your user settings (${setting}).`);
  };
  let generator: HostDescription;
  if (settings.backend === 'openai') {
    const first = openaiUrls[0] ?? settings.openaiBaseUrl;
    const remote = openaiUrls.filter((u) => !isLoopbackHost(u));
    const machine = ponderMachine(place);
    const line = remote.length === 0
      ? `OpenAI-compatible server: ${openaiUrls.join(', ')} on ${machine.long}`
      : `OpenAI-compatible server: ${openaiUrls.join(', ')} (${remote.map((u) => hostName(u) ?? u).join(', ')} on another machine)`;
    const name = isLoopbackHost(first) ? machine.short : (hostName(first) ?? first);
    generator = { remote: remote.length > 0, line, ...(name !== undefined ? { machine: name } : {}) };
    for (const url of openaiUrls) away(url, 'ponder.openaiBaseUrl', 'problems you solve are sent to it.');
  } else {
    generator = describeOllamaHost(settings.ollamaHost, place);
    if (generator.warning !== undefined) warnings.push(generator.warning);
  }
  if (settings.verifier === 'prm') {
    const prmUrl = settings.verifierBaseUrl !== '' ? settings.verifierBaseUrl : openaiUrls[0];
    const setting = settings.verifierBaseUrl !== '' ? 'ponder.verifierBaseUrl' : 'ponder.openaiBaseUrl';
    // The generator's own addresses are already named above.
    if (prmUrl !== undefined && !(settings.backend === 'openai' && openaiUrls.includes(prmUrl))) {
      away(prmUrl, setting, 'the reasoning chains are sent to it to be scored by the process reward model.');
    }
  }
  const remote = generator.remote || warnings.length > 0;
  return { ...generator, remote, warnings, ...(warnings[0] !== undefined ? { warning: warnings.join(' ') } : {}) };
}

