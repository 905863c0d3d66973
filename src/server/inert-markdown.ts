// Inert Markdown for untrusted text lives in the protocol, so the extension's chat replies escape alike.
import { inertMarkdown } from '../protocol/inert-markdown';

export { inertMarkdown };

/** A `command:` link with JSON arguments, as VS Code expects them in a trusted Markdown string. */
export function commandLink(label: string, command: string, args: readonly unknown[]): string {
  return `[${inertMarkdown(label)}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}
