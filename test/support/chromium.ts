// Where the tests find Chromium: Debian's package (no browser download, which the machines that run the
// tests cannot do), or the browser named by PONDER_CHROMIUM.
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_PATH = process.env.PONDER_CHROMIUM ?? DEFAULT_CHROMIUM_PATH;
