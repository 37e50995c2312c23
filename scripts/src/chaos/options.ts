import { parseNames } from '../bench/options';

/** The chaos run's faults and options: pure, so a bad command line fails before anything is touched. */

const ORGS = ['government', 'certifier', 'developer'] as const;

/**
 * Every fault the run can inject, in the order they run when listed: `orderers-two` kills the leader and a follower
 * (no quorum), then brings back one before the start command brings back the other.
 */
export const FAULTS = [
  'orderer-leader',
  'orderer-follower',
  'orderers-two',
  ...ORGS.map((org) => `peer-${org}` as const),
  ...ORGS.map((org) => `chaincode-${org}` as const),
  ...ORGS.map((org) => `ca-${org}` as const),
  'gateway',
  'read-model',
  'read-model-disk',
] as const;
export type Fault = (typeof FAULTS)[number];

/** `npm run chaos` without `--faults`: every fault, in the order above (`read-model-disk` needs the right to mount). */
export const DEFAULT_FAULTS: readonly Fault[] = FAULTS;

/** Faults in the order typed (each at most once). */
export function parseFaults(text: string): Fault[] {
  return parseNames('--faults', text, FAULTS);
}

export interface ChaosOptions {
  /** Clients moving credits (transfers, every fifth request a retirement), each with its own API key and block. */
  readonly clients: number;
  /** Seconds each fault is held before the processes are started again. */
  readonly holdS: number;
  readonly faults: readonly Fault[];
  /** Seconds of load before the first fault and after the last restart. */
  readonly settleS: number;
  /** Whether one more client issues credits (monitoring report, verification, issuance) throughout. */
  readonly issuer: boolean;
  /** A request still unresolved after this long (retrying with its key) is given up and reported. */
  readonly giveUpS: number;
}

export const DEFAULT_OPTIONS: Omit<ChaosOptions, 'faults'> = {
  clients: 8,
  holdS: 15,
  settleS: 5,
  issuer: true,
  giveUpS: 240,
};
