// The file name an exported run is offered under: the problem's first words and the time of the export,
// so a folder of exports reads as a list of problems (not of run ids). Pure, unit-tested in plain Node.

/** At most this many characters of the problem go into the name. */
const MAX_SLUG = 40;

/** `ponder-what-is-17-5-3-4-2026-12-05-1142.md`: letters and digits of the problem only, never a path. */
export function exportFileName(problem: string, extension: 'json' | 'md', at: Date): string {
  const slug = problem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents dropped: "é" → "e"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `ponder-${slug === '' ? 'run' : slug}-${stamp}.${extension}`;
}
