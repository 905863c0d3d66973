// The canonical form of an OpenAI-compatible base URL. Servers mount their API under `/v1` (vLLM, SGLang,
// llama.cpp's llama-server, LM Studio), so an address given without a path gets `/v1`; one with a path
// (a router or proxy prefix such as `/proxy/v1`) is kept as given.
import { displayEndpoint } from '../ollama/endpoint';

export function normaliseBaseUrl(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new RangeError('The OpenAI-compatible base URL is empty: give one such as http://127.0.0.1:8000/v1');
  let url: URL;
  try {
    url = new URL(trimmed.includes('://') ? trimmed : `http://${trimmed}`);
  } catch {
    throw new RangeError(`"${displayBaseUrl(trimmed)}" is not a URL: give one such as http://127.0.0.1:8000/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`The base URL must use http or https, not ${url.protocol}`);
  }
  url.search = '';
  url.hash = '';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1';
  const out = url.toString();
  return out.endsWith('/') ? out.slice(0, -1) : out;
}

/** The server root (the base URL without its trailing `/v1`), where vLLM mounts /pooling, /version, /health. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/v1$/, '');
}

/** The address without credentials, for labels, messages and logs. */
export function displayBaseUrl(baseUrl: string): string {
  try {
    return displayEndpoint(baseUrl);
  } catch {
    return baseUrl.replace(/\/\/[^@/]*@/, '//');
  }
}
