import { randomBytes } from 'node:crypto';
import { type HttpOptions, newRecord, perform, type WriteRecord, type WriteRequest } from './client';

/** The clients of the chaos run: credit holders moving their own blocks, and one issuer. */

export interface Holder {
  readonly name: string;
  readonly apiKey: string;
  readonly blockId: string;
}

export interface IssuerKeys {
  readonly projectId: string;
  readonly developer: string;
  readonly certifier: string;
  readonly government: string;
}

export interface LoadPlan {
  readonly tag: string;
  readonly holders: readonly Holder[];
  /** The account transfers go to. */
  readonly recipient: string;
  readonly issuer: IssuerKeys | undefined;
  readonly giveUpMs: number;
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(1995, 0, 1);
const ISSUED_PER_REPORT = 1_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const doc = (label: string): { uri: string; sha256: string } => ({
  uri: `https://docs.example.org/chaos/${label}.pdf`,
  sha256: randomBytes(32).toString('hex'),
});

/**
 * Runs the clients until {@link stop}: each holder sends 1-unit transfers to the recipient, every fifth request a
 * 1-unit retirement, one request at a time; the issuer takes one day after another through monitoring report,
 * verification and issuance. Every request is recorded in {@link records} as it goes.
 */
export class Load {
  readonly records: WriteRecord[] = [];
  #stopped = false;
  #keys = 0;
  readonly #http: HttpOptions;
  readonly #plan: LoadPlan;

  constructor(http: HttpOptions, plan: LoadPlan) {
    this.#http = http;
    this.#plan = plan;
  }

  /** Resolves when every client has stopped (after {@link stop}) and its last request is resolved or given up. */
  run(): Promise<void> {
    const holders = this.#plan.holders.map((holder, index) => this.#holder(holder, index));
    const issuer = this.#plan.issuer === undefined ? [] : [this.#issue(this.#plan.issuer)];
    return Promise.all([...holders, ...issuer]).then(() => undefined);
  }

  stop(): void {
    this.#stopped = true;
  }

  async #send(request: Omit<WriteRequest, 'key'>, apiKey: string): Promise<WriteRecord> {
    const record = newRecord({ ...request, key: `chaos-${this.#plan.tag}-${(this.#keys++).toString(36)}` });
    this.records.push(record);
    await perform(this.#http, record, apiKey, this.#http.now() + this.#plan.giveUpMs);
    return record;
  }

  async #holder(holder: Holder, index: number): Promise<void> {
    for (let seq = 0; !this.#stopped; seq++) {
      const common = { client: holder.name, subject: holder.blockId, quantity: 1 };
      await (seq % 5 === 4
        ? this.#send(
            {
              ...common,
              kind: 'retire',
              route: '/v1/retirements',
              body: {
                blockId: holder.blockId,
                quantity: 1,
                beneficiary: `Chaos run ${this.#plan.tag}, client ${index}`,
                purpose: 'VOLUNTARY',
              },
            },
            holder.apiKey,
          )
        : this.#send(
            {
              ...common,
              kind: 'transfer',
              route: '/v1/transfers',
              body: { blockId: holder.blockId, quantity: 1, toAccountId: this.#plan.recipient },
            },
            holder.apiKey,
          ));
    }
  }

  /** One day after another: report, verification, issuance of {@link ISSUED_PER_REPORT} credits each. */
  async #issue(keys: IssuerKeys): Promise<void> {
    for (let day = 0; !this.#stopped; day++) {
      const start = isoDay(FIRST_DAY + day * DAY_MS);
      const report = await this.#send(
        {
          client: 'issuer',
          kind: 'report',
          subject: `${keys.projectId} ${start}`,
          quantity: ISSUED_PER_REPORT,
          route: `/v1/projects/${keys.projectId}/monitoring-reports`,
          body: {
            periodStart: start,
            periodEnd: start,
            vintage: Number(start.slice(0, 4)),
            claimedReductions: ISSUED_PER_REPORT,
            document: doc(`mr-${this.#plan.tag}-${start}`),
          },
        },
        keys.developer,
      );
      const reportId = report.result?.id;
      if (typeof reportId !== 'string') continue;
      const common = { client: 'issuer', subject: reportId, quantity: ISSUED_PER_REPORT };
      const verified = await this.#send(
        {
          ...common,
          kind: 'verify',
          route: `/v1/monitoring-reports/${reportId}/verification`,
          body: {
            approved: true,
            verifiedReductions: ISSUED_PER_REPORT,
            report: doc(`ver-${this.#plan.tag}-${start}`),
          },
        },
        keys.certifier,
      );
      if (verified.outcome !== 'acked') continue;
      const route = `/v1/monitoring-reports/${reportId}/issuance`;
      await this.#send({ ...common, kind: 'issue', route, body: {} }, keys.government);
    }
  }
}
