import { describeIssues } from '@ncr/chaincode/domain';
import path from 'node:path';
import { z } from 'zod';
import type { RetrySchedule } from './backoff';

/** Notifications as the gateway (registration) and the read-model process (fan-out, dispatch) configure them. */
export interface NotificationConfig {
  /** The SQLite file of subscriptions and the outbox: `$NCR_HOME/gateway/notifications.sqlite` unless NCR_NOTIFY_DB. */
  readonly dbPath: string;
  /**
   * Hosts a webhook may point at (exact host names or IP literals, or `*.suffix`); empty: webhooks are refused. The
   * SSRF stance: deny unless the operator allows the host (docs/notifications.md).
   */
  readonly allowHosts: readonly string[];
  readonly retry: RetrySchedule;
  /** How long one webhook POST may take (connect to last byte). */
  readonly timeoutMs: number;
  /** How often the dispatcher looks for due deliveries (it is also woken after each block). */
  readonly pollMs: number;
  /** SMTP server and sender for e-mail subscriptions; undefined: e-mail is off. */
  readonly smtp: { readonly url: string; readonly from: string } | undefined;
}

const HOST = /^(\*\.)?[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/;

const envSchema = z
  .object({
    NCR_NOTIFY_DB: z.string().min(1).optional(),
    NCR_WEBHOOK_ALLOW_HOSTS: z
      .string()
      .default('')
      .transform((text) =>
        text
          .split(',')
          .map((host) => host.trim().toLowerCase())
          .filter((host) => host !== ''),
      )
      .pipe(z.array(z.string().regex(HOST, 'a host name, an IP literal ([::1] for IPv6) or *.suffix'))),
    NCR_NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
    NCR_NOTIFY_RETRY_MAX_MS: z.coerce.number().int().min(1).default(3_600_000),
    NCR_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
    NCR_NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    NCR_NOTIFY_POLL_MS: z.coerce.number().int().min(10).default(1_000),
    NCR_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'smtp://host:port or smtps://user:password@host:port')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    NCR_SMTP_FROM: z
      .email()
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  .refine((env) => env.NCR_SMTP_URL === undefined || env.NCR_SMTP_FROM !== undefined, {
    message: 'NCR_SMTP_URL needs NCR_SMTP_FROM (the sender address)',
    path: ['NCR_SMTP_FROM'],
  });

/** Reads the notification settings of the environment; throws naming every bad variable. */
export function loadNotificationConfig(gatewayHome: string, env: NodeJS.ProcessEnv = process.env): NotificationConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid notification configuration: ${describeIssues(parsed.error, undefined, Infinity)}`);
  }
  const e = parsed.data;
  return {
    dbPath: path.resolve(e.NCR_NOTIFY_DB ?? path.join(gatewayHome, 'notifications.sqlite')),
    allowHosts: e.NCR_WEBHOOK_ALLOW_HOSTS,
    retry: {
      baseMs: e.NCR_NOTIFY_RETRY_BASE_MS,
      maxDelayMs: e.NCR_NOTIFY_RETRY_MAX_MS,
      maxAttempts: e.NCR_NOTIFY_MAX_ATTEMPTS,
    },
    timeoutMs: e.NCR_NOTIFY_TIMEOUT_MS,
    pollMs: e.NCR_NOTIFY_POLL_MS,
    smtp:
      e.NCR_SMTP_URL === undefined || e.NCR_SMTP_FROM === undefined
        ? undefined
        : { url: e.NCR_SMTP_URL, from: e.NCR_SMTP_FROM },
  };
}
