import { PHASES, type Phase } from './result';

/** Parsing of the bench's command-line values: pure, so bad input fails before any request is sent. */

export function parseConcurrency(text: string): number[] {
  const levels = text.split(',').map((part) => Number(part.trim()));
  if (levels.length === 0 || levels.some((n) => !Number.isInteger(n) || n < 1 || n > 1024)) {
    throw new Error(`--concurrency wants integers from 1 to 1024 separated by commas, got "${text}"`);
  }
  return [...new Set(levels)].sort((a, b) => a - b);
}

/**
 * A comma-separated list of names, each one of `allowed`, in the order typed and each once; throws naming the
 * unknown ones (and what `flag` takes).
 */
export function parseNames<T extends string>(flag: string, text: string, allowed: readonly T[]): T[] {
  const isAllowed = (name: string): name is T => (allowed as readonly string[]).includes(name);
  const names = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const unknown = names.filter((name) => !isAllowed(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`${flag} takes some of ${allowed.join(',')}; unknown: ${unknown.join(',') || '(none given)'}`);
  }
  return [...new Set(names.filter(isAllowed))];
}

export function parsePhases(text: string): Phase[] {
  const names = parseNames('--phases', text, PHASES);
  // Always in the canonical order, whatever order was typed.
  return PHASES.filter((phase) => names.includes(phase));
}

export function parsePositive(flag: string, text: string, min = 1): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new Error(`${flag} wants a number ≥ ${min}, got "${text}"`);
  return value;
}
