import type { Metrics } from '../metrics';
import { mapFabricError } from './errors';

const text = new TextDecoder();

/** A chaincode result: JSON, or null when empty. */
export function parseResult(bytes: Uint8Array): unknown {
  const body = text.decode(bytes);
  return body === '' ? null : (JSON.parse(body) as unknown);
}

/** Runs a Fabric call, timed in the metrics by kind, transaction and outcome; its failure mapped to an ApiError. */
export async function timedFabricCall<T>(
  metrics: Metrics,
  kind: string,
  transaction: string,
  call: () => Promise<T>,
): Promise<T> {
  const stop = metrics.fabricDuration.startTimer({ kind, transaction });
  try {
    const result = await call();
    stop({ outcome: 'ok' });
    return result;
  } catch (err) {
    const mapped = mapFabricError(err);
    stop({ outcome: mapped.code });
    throw mapped;
  }
}
