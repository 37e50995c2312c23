import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { expect } from 'chai';
import express from 'express';
import { ApiError } from '../../src/errors';
import { DigestStream, TooLargeError, digestOf } from '../../src/documents/hashing';
import { FolderDocumentStore } from '../../src/documents/store';
import { discard, receiveUpload } from '../../src/documents/upload';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function collect(source: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('documents: hashing while streaming', () => {
  it('passes bytes through unchanged and gives their SHA-256 and size', async () => {
    const bytes = randomBytes(200_000);
    const digest = new DigestStream();
    const passed = collect(digest);
    await pipeline(Readable.from([bytes.subarray(0, 7), bytes.subarray(7)]), digest);
    expect((await passed).equals(bytes)).to.equal(true);
    expect(digest.digest()).to.deep.equal({ sha256: sha256(bytes), size: bytes.length });
    expect(await digestOf(Readable.from([bytes]))).to.deep.equal({ sha256: sha256(bytes), size: bytes.length });
  });

  it('accepts exactly its limit and fails one byte past it', async () => {
    const atLimit = new DigestStream(10);
    await pipeline(Readable.from([Buffer.alloc(6), Buffer.alloc(4)]), atLimit, async function* (chunks) {
      for await (const _ of chunks) yield* [];
    });
    expect(atLimit.digest().size).to.equal(10);
    const over = new DigestStream(10);
    const failed = pipeline(Readable.from([Buffer.alloc(6), Buffer.alloc(5)]), over, async function* (chunks) {
      for await (const _ of chunks) yield* [];
    });
    await failed.then(
      () => expect.fail('an 11-byte stream passed a 10-byte limit'),
      (err: unknown) => expect(err).to.be.instanceOf(TooLargeError),
    );
  });
});

describe('documents: the folder store', () => {
  let dir: string;
  let store: FolderDocumentStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ncr-documents-'));
    store = new FolderDocumentStore(path.join(dir, 'documents'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps content under its digest (two-digit folder), gives it back, and lists it', async () => {
    const bytes = Buffer.from('a document');
    const digest = sha256(bytes);
    expect(await store.has(digest)).to.equal(false);
    expect(await store.get(digest)).to.equal(undefined);
    await store.put(digest, Readable.from([bytes]));
    await store.put(digest, Readable.from([bytes]));
    expect(await store.has(digest)).to.equal(true);
    expect((await collect((await store.get(digest))!)).equals(bytes)).to.equal(true);
    expect(await readdir(path.join(dir, 'documents', digest.slice(0, 2)))).to.deep.equal([digest]);
    const listed: string[] = [];
    for await (const kept of store.list()) listed.push(kept);
    expect(listed).to.deep.equal([digest]);
  });

  it('refuses content that does not hash to the digest it is put under, and keeps nothing of it', async () => {
    const digest = sha256(Buffer.from('expected'));
    await store.put(digest, Readable.from([Buffer.from('something else')])).then(
      () => expect.fail('put kept content under a digest it does not have'),
      (err: unknown) => expect(String(err)).to.contain('hashes to'),
    );
    expect(await store.has(digest)).to.equal(false);
    expect(await readdir(path.join(dir, 'documents', digest.slice(0, 2)))).to.deep.equal([]);
  });

  it('lists nothing before anything is kept, and ignores names that are not digests', async () => {
    const listed: string[] = [];
    for await (const kept of store.list()) listed.push(kept);
    expect(listed).to.deep.equal([]);
    await store.put(sha256(Buffer.from('x')), Readable.from([Buffer.from('x')]));
    await writeFile(path.join(dir, 'documents', sha256(Buffer.from('x')).slice(0, 2), 'notes.txt'), 'not a digest');
    for await (const kept of store.list()) listed.push(kept);
    expect(listed).to.deep.equal([sha256(Buffer.from('x'))]);
  });
});

describe('documents: receiving an upload', () => {
  let dir: string;
  let server: Server;
  let url: string;
  const limits = { maxBytes: 1000, mediaTypes: ['application/pdf', 'text/plain'] };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ncr-upload-'));
    const app = express();
    app.post('/upload', (req, res) => {
      receiveUpload(req, dir, limits).then(
        async (file) => {
          await discard(file);
          res.json({ sha256: file.sha256, size: file.size, mediaType: file.mediaType, fields: file.fields });
        },
        (err: unknown) => {
          const error = err as ApiError;
          res.status(error instanceof ApiError ? error.status : 500).json({ code: error.code });
        },
      );
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/upload`;
  });
  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const send = async (bytes: Buffer, type: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([bytes], { type }), 'f.bin');
    const response = await fetch(url, { method: 'POST', body: form });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('hashes the file part as it streams, with the media type without parameters and the other fields', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(991)]);
    const reply = await send(bytes, 'application/pdf; charset=binary', { type: 'PDD', projectId: 'GHA-P-0000000001' });
    expect(reply).to.deep.equal({
      status: 200,
      body: {
        sha256: sha256(bytes),
        size: 1000,
        mediaType: 'application/pdf',
        fields: { type: 'PDD', projectId: 'GHA-P-0000000001' },
      },
    });
    expect(await readdir(dir), 'the temporary copy is gone').to.deep.equal([]);
  });

  it('refuses one byte over the limit (413 DOCUMENT_TOO_LARGE), a media type not listed and a PDF that is none (415), keeping nothing', async () => {
    expect(await send(randomBytes(1001), 'application/pdf')).to.deep.equal({
      status: 413,
      body: { code: 'DOCUMENT_TOO_LARGE' },
    });
    expect(await send(randomBytes(10), 'image/gif')).to.deep.equal({
      status: 415,
      body: { code: 'DOCUMENT_TYPE_NOT_ALLOWED' },
    });
    const notPdf = await send(Buffer.from('plain text, not a PDF'), 'application/pdf');
    expect(notPdf).to.deep.equal({ status: 415, body: { code: 'DOCUMENT_TYPE_NOT_ALLOWED' } });
    const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).to.equal(415);
    expect(await readdir(dir)).to.deep.equal([]);
  });
});
