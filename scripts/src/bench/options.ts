import { PHASES, type Phase } from './result';

/** Parsing of the bench's command-line values: pure, so bad input fails before any request is sent. */

export function parseConcurrency(text: string): number[] {
  const levels = text.split(',').map((part) => Number(part.trim()));
  if (levels.length === 0 || levels.some((n) => !Number.isInteger(n) || n < 1 || n > 1024)) {
    throw new Error(`--concurrency wants integers from 1 to 1024 separated by commas, got "${text}"`);
  }
  return [...new Set(levels)].sort((a, b) => a - b);
}

const isPhase = (name: string): name is Phase => (PHASES as readonly string[]).includes(name);

export function parsePhases(text: string): Phase[] {
  const names = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const unknown = names.filter((name) => !isPhase(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--phases takes some of ${PHASES.join(',')}; unknown: ${unknown.join(',') || '(none given)'}`);
  }
  // Always in the canonical order, whatever order was typed.
  return PHASES.filter((phase) => names.includes(phase));
}

export function parsePositive(flag: string, text: string, min = 1): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new Error(`${flag} wants a number ≥ ${min}, got "${text}"`);
  return value;
}
