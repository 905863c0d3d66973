// The canonical form of an Ollama address. It follows the `ollama` client's own host rules exactly, so the
// key under which Ponder shares a limiter is the URL the client really talks to, and messages show it.

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/**
 * `127.0.0.1:11434`, `:11434`, `localhost` and `http://localhost:11434/` all become `http://host:port`.
 * A bare host gets Ollama's port 11434; an explicit scheme without a port gets that scheme's port.
 */
export function normaliseEndpoint(host: string | undefined): string {
  let text = (host ?? '').trim();
  if (text === '') return DEFAULT_OLLAMA_HOST;
  let explicitScheme = text.includes('://');
  if (text.startsWith(':')) {
    text = `http://127.0.0.1${text}`;
    explicitScheme = true;
  }
  if (!explicitScheme) text = `http://${text}`;
  const url = new URL(text);
  const port = url.port || (!explicitScheme ? '11434' : url.protocol === 'https:' ? '443' : '80');
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  const base = `${url.protocol}//${auth}${url.hostname}:${port}${url.pathname}`;
  return base.endsWith('/') ? base.slice(0, -1) : base;
}

/**
 * Why `host` cannot be an Ollama address, in words that complete "--host …" or "OLLAMA_HOST …"; undefined
 * when it can. Without this check a typo such as `http://[::1` reached `new URL` deep inside a solve and
 * ended it with a stack trace, and `ftp://…` was tried as if it were an HTTP server.
 */
export function endpointProblem(host: string): string | undefined {
  const example = 'an address such as http://127.0.0.1:11434 or 127.0.0.1:11434';
  let endpoint: string;
  try {
    endpoint = normaliseEndpoint(host);
  } catch {
    return `is "${host}", which is not ${example}`;
  }
  const { protocol } = new URL(endpoint);
  if (protocol !== 'http:' && protocol !== 'https:') return `is "${host}", which is not an http:// or https:// address (${example})`;
  return undefined;
}

/** The address without credentials, for messages and logs. */
export function displayEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  url.username = '';
  url.password = '';
  const text = url.toString();
  return text.endsWith('/') ? text.slice(0, -1) : text;
}
