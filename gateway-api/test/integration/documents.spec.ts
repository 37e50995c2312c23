import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { extractText, getDocumentProxy } from 'unpdf';
import {
  api,
  doc,
  errorCode,
  keyOf,
  once,
  projectBody,
  repoRoot,
  request,
  siteHome,
  urlOf,
  write,
  type Reply,
} from './support';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** `POST /v1/documents` as a multipart form: the file (with its media type) and the text fields. */
async function upload(as: string, file: Buffer, mediaType: string, fields: Record<string, string>): Promise<Reply> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file], { type: mediaType }), 'upload.bin');
  const response = await fetch(`${urlOf(as)}/v1/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keyOf(as)}` },
    body: form,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  return { status: response.status, headers: response.headers, body, bytes };
}

/** Uploads fresh text as `as`: the committed record. */
async function uploaded(as: string, type: string, projectId?: string): Promise<{ sha256: string; bytes: Buffer }> {
  const bytes = Buffer.from(`${type} ${randomBytes(16).toString('hex')}\n`);
  const reply = await upload(as, bytes, 'text/plain', { type, ...(projectId === undefined ? {} : { projectId }) });
  expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
  expect(reply.body).to.include({ sha256: sha256(bytes), type, mediaType: 'text/plain', size: bytes.length });
  return { sha256: sha256(bytes), bytes };
}

/** Where a site keeps a document's file (the folder store under its NCR_HOME). */
const keptFile = (mspId: string, digest: string): string =>
  path.join(siteHome(mspId), 'documents', digest.slice(0, 2), digest);

const putProfile = (body: object): Promise<Reply> => request('PUT', '/v1/workflow-profile', { as: 'gov-admin', body });
const profileFile = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(repoRoot, 'network', 'profiles', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

/** The profile limits this spec installs: small enough to exceed cheaply, large enough for a letter. */
const LIMITS = { maxBytes: 65_536, mediaTypes: ['application/pdf', 'text/plain'] };

async function pdfText(bytes: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text;
}

describe('documents the registry keeps, on the running network', function () {
  this.timeout(300_000);
  const moved: [string, string][] = [];
  const tampered: [string, Buffer][] = [];

  before(async () => {
    const current = await api('GET', '/v1/workflow-profile', 'auditor');
    expect(current.body.name, 'the network runs the lean profile before this spec').to.equal('Lean');
    const installed = await putProfile({ ...profileFile('article6'), documents: LIMITS });
    expect(installed.status, JSON.stringify(installed.body)).to.equal(201);
  });

  // The other specs run on the same network after this one: files and the lean profile go back as they were.
  after(async () => {
    for (const [file, bytes] of tampered) writeFileSync(file, bytes);
    for (const [from, to] of moved) renameSync(from, to);
    const restored = await putProfile(profileFile('lean'));
    expect(restored.status, JSON.stringify(restored.body)).to.equal(201);
  });

  it('an upload is hashed, kept by its site and recorded; it downloads with its digest from its gateway and, for the government, from its own', async () => {
    const { sha256: digest, bytes } = await uploaded('developer-admin', 'OTHER');
    const record = await api('GET', `/v1/documents/${digest}/record`, 'developer-admin');
    expect(record.status, JSON.stringify(record.body)).to.equal(200);
    expect(record.body).to.deep.include({ sha256: digest, type: 'OTHER', size: bytes.length });
    expect(record.body.by).to.include({ accountId: 'DEV-ACME', mspId: 'DeveloperMSP' });
    expect(existsSync(keptFile('DeveloperMSP', digest)), 'kept by the developers’ site').to.equal(true);
    expect(existsSync(keptFile('GovernmentMSP', digest)), 'not by the government’s').to.equal(false);

    for (const as of ['developer-admin', 'gov-admin', 'certifier-admin']) {
      const download = await api('GET', `/v1/documents/${digest}`, as);
      expect(download.status, `${as}: ${download.bytes.toString()}`).to.equal(200);
      expect(sha256(download.bytes), as).to.equal(digest);
      expect(download.headers.get('content-type')).to.equal('text/plain');
    }
    expect(errorCode(await api('GET', `/v1/documents/${digest}`, 'developer2-admin'))).to.equal('FORBIDDEN');

    const again = await upload('developer-admin', bytes, 'text/plain', { type: 'OTHER' });
    expect(again.status, JSON.stringify(again.body)).to.equal(201);
    expect(again.body).to.include({ sha256: digest, recordedTxId: record.body.recordedTxId });
    const otherType = await upload('developer-admin', bytes, 'text/plain', { type: 'PDD' });
    expect(errorCode(otherType)).to.equal('CONFLICT');
  });

  it('an oversize upload (413 DOCUMENT_TOO_LARGE) and a media type the profile does not allow (415 DOCUMENT_TYPE_NOT_ALLOWED) record and keep nothing', async () => {
    const big = randomBytes(LIMITS.maxBytes + 1);
    const tooLarge = await upload('developer-admin', big, 'application/pdf', { type: 'OTHER' });
    expect(tooLarge.status, JSON.stringify(tooLarge.body)).to.equal(413);
    expect(errorCode(tooLarge)).to.equal('DOCUMENT_TOO_LARGE');
    const image = randomBytes(100);
    const notAllowed = await upload('developer-admin', image, 'image/png', { type: 'OTHER' });
    expect(notAllowed.status, JSON.stringify(notAllowed.body)).to.equal(415);
    expect(errorCode(notAllowed)).to.equal('DOCUMENT_TYPE_NOT_ALLOWED');
    for (const refused of [big, image]) {
      const record = await api('GET', `/v1/documents/${sha256(refused)}/record`, 'gov-admin');
      expect(errorCode(record)).to.equal('NOT_FOUND');
      expect(existsSync(keptFile('DeveloperMSP', sha256(refused)))).to.equal(false);
    }
  });

  /** A project under the Article 6.2 profile whose documents are uploads, authorised: its ID. */
  const authorisedProject = once(async () => {
    const pdd = await uploaded('developer-admin', 'PDD');
    const project = await write('/v1/projects', 'developer-admin', {
      ...projectBody('Documents kept by the registry', 'unused'),
      documents: [{ type: 'PDD', sha256: pdd.sha256 }],
    });
    const projectId = project.id as string;
    expect(project.documents).to.deep.include({
      type: 'PDD',
      sha256: pdd.sha256,
      uri: `urn:ncr:document:${pdd.sha256}`,
      addedAt: project.createdAt,
      addedTxId: project.createdTxId,
    });
    const note = await uploaded('developer-admin', 'IDEA_NOTE', projectId);
    const wrongType = await api('POST', `/v1/projects/${projectId}/documents`, 'developer-admin', {
      documents: [{ type: 'PDD', sha256: note.sha256 }],
    });
    expect(errorCode(wrongType), JSON.stringify(wrongType.body)).to.equal('VALIDATION');
    await write(`/v1/projects/${projectId}/idea-note`, 'developer-admin', {
      documents: [{ type: 'IDEA_NOTE', sha256: note.sha256 }],
    });
    const letter = await write(`/v1/projects/${projectId}/letters/no-objection`, 'gov-admin');
    expect(letter).to.include({ type: 'NO_OBJECTION_LETTER', mediaType: 'application/pdf', projectId });
    await write(`/v1/projects/${projectId}/no-objection`, 'gov-admin', {
      documents: [{ type: 'NO_OBJECTION_LETTER', sha256: letter.sha256 }],
    });
    await write(`/v1/projects/${projectId}/validation`, 'certifier-admin', { approved: true, report: doc('v-docs') });
    await write(`/v1/projects/${projectId}/authorisation`, 'gov-admin', {
      approved: true,
      authorisationId: `AUTH-DOCS-${Date.now()}`,
      date: '2026-03-01',
      purposes: 'NDC and OIMP',
      cooperativeApproachId: 'CA0001',
      firstTransferDefinition: 'Authorisation',
      authorisedQuantity: 25_000,
      timeframe: '2026 - 2030',
    });
    return projectId;
  });

  it('a project’s documents name uploads by digest: its PDD, its idea note, and the no-objection letter the government wrote', async () => {
    const projectId = await authorisedProject();
    const workflow = await api('GET', `/v1/projects/${projectId}/workflow`, 'developer-admin');
    expect(workflow.body.stepsDone).to.deep.equal([
      'IDEA_NOTE',
      'NO_OBJECTION',
      'DESIGN_DOCUMENT',
      'VALIDATION',
      'AUTHORISATION',
    ]);
  });

  it('both letters are PDFs written from the ledger: the developer downloads them through its own gateway and they hold the project and the authorisation', async () => {
    const projectId = await authorisedProject();
    expect(errorCode(await api('POST', `/v1/projects/${projectId}/letters/authorisation`, 'developer-admin'))).to.equal(
      'FORBIDDEN',
    );
    const written = await write(`/v1/projects/${projectId}/letters/authorisation`, 'gov-admin');
    expect(written).to.include({ type: 'AUTHORISATION_LETTER', projectId });
    const again = await write(`/v1/projects/${projectId}/letters/authorisation`, 'gov-admin');
    expect(again.sha256, 'the same ledger data gives the same file').to.equal(written.sha256);
    const project = (await api('GET', `/v1/projects/${projectId}`, 'developer-admin')).body;
    const authorisation = project.authorisation as Record<string, unknown>;

    const letter = await api('GET', `/v1/projects/${projectId}/letters/authorisation`, 'developer-admin');
    expect(letter.status, letter.bytes.toString()).to.equal(200);
    expect(letter.headers.get('content-type')).to.equal('application/pdf');
    expect(sha256(letter.bytes)).to.equal(written.sha256);
    const text = await pdfText(letter.bytes);
    for (const value of [
      projectId,
      authorisation.authorisationId,
      'NDC and OIMP',
      'CA0001',
      'Authorisation',
      '2026-03-01',
      '25000 ITMOs',
      '2026 - 2030',
      'GHA',
    ]) {
      expect(text, String(value)).to.contain(String(value));
    }

    const noObjection = await api('GET', `/v1/projects/${projectId}/letters/no-objection`, 'developer-admin');
    expect(noObjection.status, noObjection.bytes.toString()).to.equal(200);
    const noObjectionText = await pdfText(noObjection.bytes);
    expect(noObjectionText).to.contain('Letter of no objection').and.contain(projectId).and.contain('GHA');
  });

  it('a kept file changed on disk is refused on download (409 DOCUMENT_CORRUPT) and listed by the integrity audit; a removed one is listed as missing', async () => {
    const changed = await uploaded('developer-admin', 'OTHER');
    const removed = await uploaded('developer-admin', 'OTHER');
    const file = keptFile('DeveloperMSP', changed.sha256);
    tampered.push([file, readFileSync(file)]);
    writeFileSync(file, Buffer.concat([changed.bytes, Buffer.from('tampered')]));
    const away = `${keptFile('DeveloperMSP', removed.sha256)}.moved`;
    renameSync(keptFile('DeveloperMSP', removed.sha256), away);
    moved.push([away, keptFile('DeveloperMSP', removed.sha256)]);

    for (const as of ['developer-admin', 'gov-admin']) {
      const download = await api('GET', `/v1/documents/${changed.sha256}`, as);
      expect(download.status, `${as}: ${download.bytes.toString()}`).to.equal(409);
      expect(errorCode(download), as).to.equal('DOCUMENT_CORRUPT');
      expect(download.bytes.toString()).to.not.contain('tampered');
    }
    const audit = await api('GET', '/v1/audit/documents', 'developer-admin');
    expect(audit.status, JSON.stringify(audit.body)).to.equal(200);
    expect(audit.body.holder).to.equal('DeveloperMSP');
    expect(audit.body.corrupt).to.deep.equal([changed.sha256]);
    expect(audit.body.missing).to.deep.equal([removed.sha256]);
    const government = await api('GET', '/v1/audit/documents', 'gov-admin');
    expect(government.body).to.include({ holder: 'GovernmentMSP' });
    expect(government.body.corrupt).to.deep.equal([]);
  });
});
