// Untrusted text (problems, model output) as every process shows it. Bidirectional embedding, override and
// isolate controls are dropped wherever such text is displayed or stored: they would make it read
// differently from what it is (a "Trojan Source" reordering) and could push Ponder's own links around.

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** `text` without bidirectional embedding, override and isolate controls. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
