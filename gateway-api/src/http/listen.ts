import { STATUS_CODES, type Server, ServerResponse, createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { type ApiError, HeadersTooLargeError, RequestTimeoutError, ValidationError } from '../errors';
import type { Logger } from '../log';
import { errorBody } from './error-handler';

/** How long a connection answered by {@link answerClientErrors} stays open for the client to read the answer. */
const LINGER_MS = 2_000;

/** The error for a request Node's HTTP parser refused before Express saw it. */
function clientErrorOf(err: NodeJS.ErrnoException): ApiError {
  if (err.code === 'HPE_HEADER_OVERFLOW') return new HeadersTooLargeError();
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new RequestTimeoutError();
  return new ValidationError('malformed HTTP request');
}

/** The response this socket still owes (to an earlier request on a kept-alive or pipelined connection), if any. */
function responseOwed(socket: Duplex): ServerResponse | undefined {
  const message: unknown = Reflect.get(socket, '_httpMessage');
  return message instanceof ServerResponse && !message.writableFinished ? message : undefined;
}

/** Writes the error as a whole HTTP response and closes the connection. */
function answer(socket: Duplex, error: ApiError): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(errorBody(error));
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
  // Read and drop what the client is still sending: closing with unread input would reset the connection, and the
  // client could lose the answer.
  socket.resume();
  const linger = setTimeout(() => {
    socket.destroy();
  }, LINGER_MS);
  linger.unref();
  socket.once('close', () => {
    clearTimeout(linger);
  });
}

/**
 * Answers what Node's HTTP parser refuses (a URL or headers over its 16 KB limit, a malformed request line, a
 * request that does not arrive in time) with the one error body, instead of Node's bare status line, then closes
 * the connection; after the response owed to an earlier request on the same connection, if any.
 */
function answerClientErrors(server: Server, logger: Logger): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // The parser reports again on every chunk that follows its first error.
    if (answered.has(socket)) return;
    answered.add(socket);
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const error = clientErrorOf(err);
    logger.info({ code: error.code, status: error.status, parserCode: err.code }, error.message);
    const owed = responseOwed(socket);
    if (owed === undefined) answer(socket, error);
    else
      owed.once('finish', () => {
        answer(socket, error);
      });
  });
}

/** The HTTP server for the app, listening on `host:port` (0: an ephemeral port), with {@link answerClientErrors}. */
export function listen(app: Express, port: number, host: string, logger: Logger): Promise<Server> {
  const server = createServer(app);
  answerClientErrors(server, logger);
  return new Promise<Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
