// Model names as Ollama parses them: `[host/][namespace/]model[:tag]`, the tag defaulting to `latest`,
// the host to registry.ollama.ai and the namespace to `library`. Matching ignores case, as Ollama's does.

export type ParsedName =
  | { readonly kind: 'empty' }
  | { readonly kind: 'invalid' }
  | {
      readonly kind: 'ok';
      /** Fully qualified, lower-cased: the identity used for matching. */
      readonly key: string;
      /** `registry.ollama.ai/library/model:tag`, as Ollama's capability errors print it. */
      readonly full: string;
      /** The shortest display form (`model:tag` for library models), as /api/tags and /api/ps print it. */
      readonly display: string;
    };

const DEFAULT_HOST = 'registry.ollama.ai';
const DEFAULT_NAMESPACE = 'library';
const PART = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$/;
const HOST = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,349}$/;

export function parseModelName(raw: string): ParsedName {
  let text = raw.trim();
  if (text === '') return { kind: 'empty' };
  const at = text.indexOf('@');
  if (at >= 0) text = text.slice(0, at);
  const parts = text.split('/');
  if (parts.length > 3) return { kind: 'invalid' };
  let last = parts.pop() ?? '';
  let tag = 'latest';
  const colon = last.lastIndexOf(':');
  if (colon >= 0) {
    tag = last.slice(colon + 1);
    last = last.slice(0, colon);
  }
  const namespace = parts.pop() ?? DEFAULT_NAMESPACE;
  const host = parts.pop() ?? DEFAULT_HOST;
  if (!PART.test(last) || !PART.test(tag) || !PART.test(namespace) || !HOST.test(host)) return { kind: 'invalid' };
  const full = `${host}/${namespace}/${last}:${tag}`;
  let display = `${last}:${tag}`;
  if (host !== DEFAULT_HOST) display = `${host}/${namespace}/${display}`;
  else if (namespace !== DEFAULT_NAMESPACE) display = `${namespace}/${display}`;
  return { kind: 'ok', key: full.toLowerCase(), full, display };
}

/** The matching key of a name, or undefined when it is empty or invalid. */
export function modelKey(raw: string): string | undefined {
  const parsed = parseModelName(raw);
  return parsed.kind === 'ok' ? parsed.key : undefined;
}
