import type { Request, Response } from 'express';
import { toApiError } from '../errors';
import type { Closeable } from '../streams';
import { stateOf } from './context';
import { errorBody } from './error-handler';

const HEARTBEAT_MS = 15_000;

/** One server-sent event: `id`, `event` and `data` (sent as JSON). */
export interface SseMessage {
  readonly id: string;
  readonly event: string;
  readonly data: unknown;
}

/**
 * Answers `res` with `source` as server-sent events: keeps the connection alive, stops the source when the client
 * disconnects, and ends the stream with an `error` event (the one error body) when the source fails.
 */
export async function sendEvents(req: Request, res: Response, source: Closeable<SseMessage>): Promise<void> {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(': connected\n\n');
  const connection = { open: true };
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  req.on('close', () => {
    connection.open = false;
    clearInterval(heartbeat);
    source.close();
  });
  try {
    for await (const message of source) {
      if (!connection.open) break;
      res.write(`id: ${message.id}\nevent: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
    }
  } catch (err) {
    if (connection.open) {
      const error = toApiError(err);
      stateOf(req).logger.warn({ code: error.code }, 'event stream failed');
      res.write(`event: error\ndata: ${JSON.stringify(errorBody(error))}\n\n`);
    }
  } finally {
    clearInterval(heartbeat);
    source.close();
    res.end();
  }
}
