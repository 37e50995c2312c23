import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import {
  DocumentTooLargeError,
  DocumentTypeNotAllowedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors';
import { type Digest, DigestStream, TooLargeError } from './hashing';

/** A file received by `POST /v1/documents`, kept in a temporary file until it is stored. */
export interface ReceivedFile extends Digest {
  /** The temporary file; the caller removes it ({@link discard}). */
  readonly path: string;
  readonly mediaType: string;
  readonly name: string | undefined;
  /** The form's other fields, as sent. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface UploadLimits {
  readonly maxBytes: number;
  readonly mediaTypes: readonly string[];
}

/**
 * How files of some media types begin: a file declared as one of these must begin so (415 otherwise), so a client
 * cannot pass any bytes off as a PDF or an image. Other allowed types are taken as declared.
 */
const SIGNATURES: Readonly<Record<string, Buffer>> = {
  'application/pdf': Buffer.from('%PDF-'),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
};

/** 415 DOCUMENT_TYPE_NOT_ALLOWED when the received file does not begin as its declared media type's files do. */
async function assertBeginsAs(file: string, mediaType: string): Promise<void> {
  const signature = SIGNATURES[mediaType];
  if (signature === undefined) return;
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(signature.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < head.length || !head.equals(signature)) {
      throw new DocumentTypeNotAllowedError(mediaType, `the content is not ${mediaType}`);
    }
  } finally {
    await handle.close();
  }
}

/** `application/pdf; charset=x` → `application/pdf`. */
const bareMediaType = (type: string): string => (type.split(';')[0] ?? '').trim().toLowerCase();

/** Writes one file part to `target` through a digest stream; rejects with the error the part ran into. */
async function receive(file: Readable, target: string, limits: UploadLimits): Promise<Digest> {
  const digest = new DigestStream(limits.maxBytes);
  file.pipe(digest);
  try {
    await pipeline(digest, createWriteStream(target, { mode: 0o600 }));
  } catch (err) {
    // Busboy waits for each part to be read to its end: the rest of this one is dropped.
    file.unpipe(digest);
    file.resume();
    throw err;
  }
  return digest.digest();
}

/** What went wrong with a multipart request, as the API says it. */
function apiError(err: unknown, limits: UploadLimits): unknown {
  if (err instanceof TooLargeError) return new DocumentTooLargeError(limits.maxBytes);
  if (err instanceof Error && /multipart|boundary|Unexpected end of form|Malformed/i.test(err.message)) {
    return new ValidationError(`the request body is not a valid multipart form: ${err.message}`);
  }
  return err;
}

/**
 * Reads a `multipart/form-data` request with one file part named `file` and text fields: the file is hashed while
 * it streams into a temporary file under `dir`. 413 DOCUMENT_TOO_LARGE past `limits.maxBytes`, 415
 * DOCUMENT_TYPE_NOT_ALLOWED for a media type the limits do not list, 400 VALIDATION for anything else malformed;
 * the rest of the body is then read and dropped, so the client receives the answer.
 */
export async function receiveUpload(req: Request, dir: string, limits: UploadLimits): Promise<ReceivedFile> {
  if (!req.is('multipart/form-data')) {
    throw new UnsupportedMediaTypeError('the request body must be multipart/form-data with a part named file');
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, `${randomBytes(12).toString('hex')}.part`);
  const fields: Record<string, string> = {};
  let received: Promise<Omit<ReceivedFile, 'fields'>> | undefined;
  try {
    const parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 1024, parts: 12 } });
    const parsed = new Promise<void>((resolve, reject) => {
      parser.on('field', (name, value) => {
        fields[name] = value;
      });
      parser.on('file', (name, file, info) => {
        if (name !== 'file' || received !== undefined) {
          file.resume();
          return;
        }
        const mediaType = bareMediaType(info.mimeType);
        if (!limits.mediaTypes.includes(mediaType)) {
          file.resume();
          received = Promise.reject(
            new DocumentTypeNotAllowedError(mediaType, `the workflow profile allows ${limits.mediaTypes.join(', ')}`),
          );
          received.catch(() => undefined);
          return;
        }
        received = receive(file, target, limits).then((digest) => ({
          ...digest,
          path: target,
          mediaType,
          name: info.filename === undefined || info.filename === '' ? undefined : path.basename(info.filename),
        }));
        received.catch(() => undefined);
      });
      parser.on('close', resolve);
      parser.on('error', reject);
    });
    req.pipe(parser);
    await parsed;
    if (received === undefined) throw new ValidationError('body: the form has no file part named file');
    const file = await received;
    await assertBeginsAs(file.path, file.mediaType);
    return { ...file, fields };
  } catch (err) {
    req.unpipe();
    req.resume();
    await rm(target, { force: true });
    throw apiError(err, limits);
  }
}

/** Removes a received file's temporary copy. */
export async function discard(file: Pick<ReceivedFile, 'path'>): Promise<void> {
  await rm(file.path, { force: true });
}
