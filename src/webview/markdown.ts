// Model text as Markdown with math. Small models often write LaTeX without `$…$`: a known math command
// outside delimiters (`\boxed{\frac{38}{7}}`) starts a formula too (its extent is `undelimitedMathEnd`'s).
// markdown-it with raw HTML and linkify off, KaTeX with `trust: false`
// and expansion limits, and DOMPurify over the result before anything reaches the document. The page's CSP
// forbids style attributes, so KaTeX's inline styles are carried in a data attribute and applied through
// the CSSOM (which the CSP allows) after sanitising. Raw HTML is off, so only KaTeX can produce that attribute.
import DOMPurify from 'dompurify';
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import type { StateInline } from 'markdown-it';
import { withoutBidiControls } from '../protocol/text';
import { undelimitedMathEnd } from '../shared/latex-text';

const STYLE_DATA = 'data-ponder-style';
const SAFE_URL = /^https?:\/\//i;
/**
 * DOMPurify tests the value of every attribute that is not URI-safe by its name (KaTeX's SVG `d`, `width`,
 * `viewBox`…) against this: values with no scheme pass, and of schemes only http(s). (Giving it SAFE_URL
 * stripped those attributes and left KaTeX's square roots without their sign.) Links are narrowed to
 * SAFE_URL by the hook below.
 */
const ALLOWED_VALUE = /^(?:https?:|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

const purifier = DOMPurify(window);
purifier.addHook('uponSanitizeAttribute', (_node, data) => {
  // Any style attribute left would be refused by the CSP anyway.
  if (data.attrName === 'style') data.keepAttr = false;
});
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node instanceof HTMLAnchorElement) {
    const href = node.getAttribute('href') ?? '';
    // Only plain web links survive, and they open outside the webview; everything else becomes text.
    if (!SAFE_URL.test(href)) node.removeAttribute('href');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
md.inline.ruler.before('escape', 'math', mathRule);
md.renderer.rules.math_inline = (tokens, index) => renderMath(tokens[index]?.content ?? '', false);
md.renderer.rules.math_display = (tokens, index) => renderMath(tokens[index]?.content ?? '', true);
// Images would load from the network (the CSP blocks them anyway): show their alt text instead.
md.renderer.rules.image = (tokens, index) => md.utils.escapeHtml(tokens[index]?.content ?? '');

const DELIMITERS: { open: string; close: string; display: boolean }[] = [
  { open: '$$', close: '$$', display: true },
  { open: '\\[', close: '\\]', display: true },
  { open: '\\(', close: '\\)', display: false },
  { open: '$', close: '$', display: false },
];

function mathRule(state: StateInline, silent: boolean): boolean {
  const source = state.src;
  for (const { open, close, display } of DELIMITERS) {
    if (!source.startsWith(open, state.pos)) continue;
    const start = state.pos + open.length;
    const end = findClose(source, close, start);
    if (end < 0) return false;
    const content = source.slice(start, end);
    // `$ 5 and $ 6` is prose about money, not math.
    if (open === '$' && (content.trim() !== content || content.length === 0)) return false;
    if (!silent) {
      const token = state.push(display ? 'math_display' : 'math_inline', 'math', 0);
      token.content = content;
    }
    state.pos = end + close.length;
    return true;
  }
  if (source[state.pos] === '\\') {
    const end = undelimitedMathEnd(source, state.pos);
    if (end <= state.pos) return false;
    if (!silent) {
      const token = state.push('math_inline', 'math', 0);
      token.content = source.slice(state.pos, end);
    }
    state.pos = end;
    return true;
  }
  return false;
}

function findClose(source: string, close: string, from: number): number {
  let at = source.indexOf(close, from);
  while (at > 0 && close === '$' && source[at - 1] === '\\') at = source.indexOf(close, at + 1);
  return at;
}

function renderMath(tex: string, displayMode: boolean): string {
  const html = katex.renderToString(tex, {
    displayMode,
    throwOnError: false,
    trust: false,
    strict: 'ignore',
    maxExpand: 200,
    maxSize: 20,
    output: 'htmlAndMathml',
  });
  // KaTeX escapes quotes in text, so ` style="` can only be one of its own attributes: keep the layout as
  // data, applied through the CSSOM in `renderMarkdown`, since the CSP refuses style attributes.
  return html.replace(/ style="/g, ` ${STYLE_DATA}="`);
}

/** Sanitised HTML for `text`; exported for tests. */
export function markdownToSafeHtml(text: string): string {
  return purifier.sanitize(md.render(withoutBidiControls(text)), {
    USE_PROFILES: { html: true, svg: true, mathMl: true },
    FORBID_TAGS: ['style', 'img', 'form', 'input', 'button', 'iframe', 'object', 'embed', 'foreignObject', 'use', 'image'],
    FORBID_ATTR: ['srcset', 'xlink:href', 'action', 'formaction'],
    ALLOWED_URI_REGEXP: ALLOWED_VALUE,
  });
}

/** Renders `text` into `target`, replacing what was there. */
export function renderMarkdown(target: HTMLElement, text: string): void {
  const template = document.createElement('template');
  template.innerHTML = markdownToSafeHtml(text);
  for (const styled of template.content.querySelectorAll(`[${STYLE_DATA}]`)) {
    const css = styled.getAttribute(STYLE_DATA) ?? '';
    styled.removeAttribute(STYLE_DATA);
    if (styled instanceof HTMLElement || styled instanceof SVGElement) styled.style.cssText = css;
  }
  target.replaceChildren(template.content);
}
