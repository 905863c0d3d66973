// A corpus of XSS and Markdown-injection payloads, generated here (nothing is copied from a payload list).
// The vector classes follow the public OWASP "XSS Filter Evasion Cheat Sheet" and PortSwigger's "Cross-site
// scripting cheat sheet": every HTML tag that can run script or load a resource × every event handler ×
// quoting and case variants; `javascript:`, `vbscript:` and `data:` URLs (plain, mixed case, entity- and
// percent-encoded, with control characters) in every Markdown link form (inline, image, reference, autolink,
// HTML anchor); raw HTML blocks, comments, CDATA, and Markdown that would change the report's structure.
// Each payload would set `window.pwned` if it ran.

const TAGS = ['img', 'svg', 'body', 'iframe', 'video', 'audio', 'source', 'input', 'details', 'marquee', 'object', 'embed', 'math', 'a', 'div', 'style', 'link', 'form', 'button', 'select', 'textarea', 'keygen', 'isindex', 'frameset', 'image', 'table', 'xss', 'animate', 'set', 'script'];
const EVENTS = ['onerror', 'onload', 'onclick', 'onmouseover', 'onfocus', 'onblur', 'ontoggle', 'onbegin', 'onanimationstart', 'onpointerenter', 'onwheel', 'onbeforeprint', 'onpageshow', 'onscroll', 'oninput', 'onauxclick', 'onstart', 'onfinish', 'onsubmit', 'onreset'];
const ACTION = 'window.pwned=1';
const QUOTES: ((value: string) => string)[] = [(v) => `"${v}"`, (v) => `'${v}'`, (v) => v, (v) => `\`${v}\``];
const SCHEMES = ['javascript:', 'JaVaScRiPt:', 'java\tscript:', 'java&#x0A;script:', '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;', 'javascript&colon;', '%6A%61%76%61%73%63%72%69%70%74:', ' javascript:', 'vbscript:', 'data:text/html;base64,PHNjcmlwdD53aW5kb3cucHduZWQ9MTwvc2NyaXB0Pg==', 'data:text/html,<script>window.pwned=1</script>', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'https://evil.example/x.png'];
const LINK_FORMS: ((url: string) => string)[] = [
  (u) => `[click](${u}${ACTION})`,
  (u) => `![alt](${u}${ACTION})`,
  (u) => `[ref][1]\n\n[1]: ${u}${ACTION}`,
  (u) => `<${u}${ACTION}>`,
  (u) => `<a href="${u}${ACTION}">a</a>`,
  (u) => `[click](<${u}${ACTION}> "title")`,
  (u) => `![img][r]\n\n[r]: <${u}${ACTION}>`,
  (u) => `${u}${ACTION}`,
];
const STRUCTURE = [
  '<script>window.pwned=1</script>',
  '<!-- <script>window.pwned=1</script> -->',
  '<![CDATA[<script>window.pwned=1</script>]]>',
  '</blockquote><script>window.pwned=1</script>',
  '<div>\n\n<img src=x onerror=window.pwned=1>\n\n</div>',
  '<style>@import "https://evil.example/x.css";</style>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.pwned=1">',
  '<base href="javascript:window.pwned=1//">',
  '# heading\n\n## Answer\n\n**999**',
  '| a | b |\n| --- | --- |\n| <img src=x onerror=window.pwned=1> | x |',
  '```html\n<script>window.pwned=1</script>\n```',
  '    <script>indented code</script>',
  '<https://evil.example> www.evil.example evil@example.com',
  '&lt;script&gt;window.pwned=1&lt;/script&gt;',
  '\\<script>window.pwned=1\\</script>',
  '$\\href{javascript:window.pwned=1}{x}$ \\url{javascript:window.pwned=1}',
  '<<script>script>window.pwned=1<</script>/script>',
  '<scr<script>ipt>window.pwned=1</script>',
  '<svg><a xlink:href="javascript:window.pwned=1"><text>x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.pwned=1>',
  '"><img src=x onerror=window.pwned=1>',
  "'-alert(1)-'",
  '\u202E<script>window.pwned=1</script>',
  '<img src="x" onerror\n=\nwindow.pwned=1>',
];

export function xssCorpus(): string[] {
  const payloads: string[] = [...STRUCTURE];
  for (const tag of TAGS) {
    for (const event of EVENTS) {
      for (const quote of QUOTES) payloads.push(`<${tag} src=x ${event}=${quote(ACTION)}>`);
      payloads.push(`<${tag.toUpperCase()} ${event.toUpperCase()}=${ACTION}>`, `<${tag}/${event}=${ACTION}>`);
    }
  }
  for (const scheme of SCHEMES) for (const form of LINK_FORMS) payloads.push(form(scheme));
  return payloads;
}
