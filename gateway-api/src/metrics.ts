import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics, on a registry of their own (so tests and several apps never share global state). */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'ncr_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly fabricDuration = new Histogram({
    name: 'ncr_fabric_call_duration_seconds',
    help: 'Fabric call latency: evaluate, submit (endorse+order+commit), qscc; by transaction and outcome',
    labelNames: ['kind', 'transaction', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly commitStatus = new Counter({
    name: 'ncr_fabric_commit_status_total',
    help: 'Commit status of submitted transactions by validation code (VALID, MVCC_READ_CONFLICT, ...)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly mvccRetries = new Counter({
    name: 'ncr_fabric_mvcc_retries_total',
    help: 'Transactions re-proposed after an MVCC read conflict',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'ncr_' });
  }
}
