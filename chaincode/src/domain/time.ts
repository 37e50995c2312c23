import { validation } from './errors';
import { FORMATS } from './nomenclature';

/** ISO-8601 instant of a transaction timestamp (seconds + nanos since the epoch). */
export function isoFromTimestamp(seconds: number, nanos: number): string {
  return new Date(seconds * 1000 + Math.floor(nanos / 1_000_000)).toISOString();
}

export function yearOf(isoDateOrInstant: string): number {
  return Number.parseInt(isoDateOrInstant.slice(0, 4), 10);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!FORMATS.isoDate.test(value)) {
    return false;
  }
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Calendar months touched by [start, end] inclusive: 2021-01-01..2030-12-31 is 120. */
export function monthsInclusive(start: string, end: string): number {
  const months = (yearOf(end) - yearOf(start)) * 12 + (monthOf(end) - monthOf(start)) + 1;
  if (months < 1) {
    throw validation(`period ${start}..${end} ends before it starts`);
  }
  return months;
}

/**
 * The most a project may ever have issued: estimated annual reductions times the crediting period in years,
 * counted in calendar months touched (a partial month counts whole), rounded down.
 */
export function issuanceCap(estimatedAnnualReductions: number, creditingStart: string, creditingEnd: string): number {
  return Math.floor((estimatedAnnualReductions * monthsInclusive(creditingStart, creditingEnd)) / 12);
}

function monthOf(isoDate: string): number {
  return Number.parseInt(isoDate.slice(5, 7), 10);
}
