// Surface clean-up of a final answer, after the MATH (Hendrycks) and PRM800K graders: LaTeX to plain text,
// no dollar or percent signs, no degrees, no trailing units, numbers without thousands separators,
// mixed numbers made explicit, "x = 5" read as 5, lower case. Percent is dropped, not divided by 100,
// as those graders do: "50\%" and "50" are the same answer, 0.5 is a different one.
import { latexToPlain } from './latex';

/** `7 3/4` is seven and three quarters (PRM800K reads it the same way). */
const MIXED_NUMBER = /(^|[^\d.])(\d+)\s+(\d+)\s*\/\s*(\d+)(?![\d.])/g;
/** `2\frac{1}{2}`, already converted to `2(1)/(2)`: a whole number followed by a fraction of integers. */
const MIXED_FRACTION = /(^|[^\d.)^])(\d+)\s*\((\d+)\)\/\((\d+)\)/g;
/** 1,000,000 and 1,000.5 — a comma before exactly three digits (a tuple comma is followed by a space or more digits). */
const THOUSANDS_COMMA = /(\d),(\d{3})(?![\d])/;
/** 1 000 000 — digit groups separated by single spaces (also `1\,000`, whose thin space became a space). */
const THOUSANDS_SPACE = /(^|[^\d.])(\d{1,3}(?: \d{3})+)(?![\d.]|\s*\/)/g;
/** Words after a number are units: "18 dollars", "5 cm", "12 square units", "3 cm^2". Single letters are variables. */
const TRAILING_UNITS = /^(.*?[\dπ)])\s*((?:[A-Za-z]{2,}\.?)(?:\s+[A-Za-z]{2,}\.?)*(?:\s*\^\s*\(?[23]\)?)?)\s*$/s;
/** "x = 5", "f(x) = 2x+1", "Area = 12", "x ∈ [0,1]": a name on the left is not part of the answer. */
const NAME_PREFIX = /^\s*[A-Za-z][A-Za-z0-9_()'\s]{0,15}(?:=|∈)(?!=)(.+)$/s;

/** Lower-case plain text of an answer, spaces kept (they separate words and function names). */
export function plainAnswer(raw: string): string {
  let text = raw.trim();
  text = latexToPlain(text);
  text = text
    .replace(/[−–]/g, '-')
    .replace(/[×·⋅]/g, '*')
    .replace(/÷/g, '/')
    .replace(/√\s*(\d+|[A-Za-z])/g, 'sqrt($1)')
    .replace(/[$%°]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s+(?:or|and)\s+/gi, ',');
  text = stripTrailingPunctuation(text);
  text = stripNamePrefix(text);
  text = stripUnits(text);
  text = numbersWithoutSeparators(text);
  return text.toLowerCase().trim();
}

/** Removes `x =` (or `x ∈`) in front of an answer or of one element of a list. */
export function stripNamePrefix(text: string): string {
  const match = NAME_PREFIX.exec(text);
  return match?.[1] !== undefined && match[1].trim() !== '' ? match[1].trim() : text;
}

function stripUnits(text: string): string {
  const match = TRAILING_UNITS.exec(text);
  return match?.[1] !== undefined && /\d/.test(match[1]) ? match[1].trim() : text;
}

function stripTrailingPunctuation(text: string): string {
  // "5." at the end of a sentence is 5; "-" or "," left over from a cut-off answer means nothing.
  return text.replace(/[\s.,;:!]+$/, '').replace(/^[\s,;:]+/, '');
}

function numbersWithoutSeparators(text: string): string {
  let out = text;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(THOUSANDS_COMMA, '$1$2');
  }
  out = out.replace(THOUSANDS_SPACE, (_all, before: string, digits: string) => before + digits.replace(/ /g, ''));
  out = out.replace(MIXED_NUMBER, (_all, before: string, whole: string, a: string, b: string) => `${before}(${whole}+${a}/${b})`);
  out = out.replace(MIXED_FRACTION, (_all, before: string, whole: string, a: string, b: string) => `${before}(${whole}+${a}/${b})`);
  return out;
}
