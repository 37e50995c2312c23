import { createHash } from 'node:crypto';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { blockHeaderHash, decodeBlock } from '../../src/fabric/blocks';

const TX = 'd'.repeat(64);

function identity(mspId: string): Uint8Array {
  const id = new msp.SerializedIdentity();
  id.setMspid(mspId);
  id.setIdBytes(Buffer.from('not a certificate'));
  return id.serializeBinary();
}

/** A block built with Fabric's own protobuf classes, as a peer would return it. */
function transferBlock(): Uint8Array {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(TX);
  channelHeader.setChannelId('ncr');
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(identity('DeveloperMSP'));
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const input = new peer.ChaincodeInput();
  input.setArgsList([Buffer.from('credits:Transfer'), Buffer.from('{"blockId":"B-1","quantity":3}')]);
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName('registry');
  const spec = new peer.ChaincodeSpec();
  spec.setChaincodeId(chaincodeId);
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const proposalPayload = new peer.ChaincodeProposalPayload();
  proposalPayload.setInput(invocation.serializeBinary());

  const write = new ledger.rwset.kvrwset.KVWrite();
  write.setKey('\u0000ncr.block\u0000B-1\u0000');
  write.setValue(Buffer.from('{"quantity":3}'));
  const kv = new ledger.rwset.kvrwset.KVRWSet();
  kv.setWritesList([write]);
  const ns = new ledger.rwset.NsReadWriteSet();
  ns.setNamespace('registry');
  ns.setRwset(kv.serializeBinary());
  const rwset = new ledger.rwset.TxReadWriteSet();
  rwset.setNsRwsetList([ns]);
  const response = new peer.Response();
  response.setStatus(200);
  response.setPayload(Buffer.from('{"ok":true}'));
  const action = new peer.ChaincodeAction();
  action.setResults(rwset.serializeBinary());
  action.setResponse(response);
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(action.serializeBinary());
  const endorsements = ['GovernmentMSP', 'CertifierMSP'].map((mspId) => {
    const e = new peer.Endorsement();
    e.setEndorser(identity(mspId));
    return e;
  });
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayload.serializeBinary());
  endorsed.setEndorsementsList(endorsements);
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposalPayload.serializeBinary());
  actionPayload.setAction(endorsed);
  const txAction = new peer.TransactionAction();
  txAction.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([txAction]);

  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());

  const blockHeader = new common.BlockHeader();
  blockHeader.setNumber(7);
  blockHeader.setPreviousHash(Buffer.alloc(32, 1));
  blockHeader.setDataHash(Buffer.alloc(32, 2));
  const data = new common.BlockData();
  data.setDataList([envelope.serializeBinary()]);
  const metadata = new common.BlockMetadata();
  metadata.setMetadataList([new Uint8Array(), new Uint8Array(), Uint8Array.of(0), new Uint8Array(), new Uint8Array()]);
  const block = new common.Block();
  block.setHeader(blockHeader);
  block.setData(data);
  block.setMetadata(metadata);
  return block.serializeBinary();
}

describe('block decoding (fabric-protos)', () => {
  it('decodes header hashes, each transaction, its validation code and what it wrote', () => {
    const block = decodeBlock(transferBlock());
    expect(block.number).to.equal(7);
    expect(block.previousHash).to.equal('01'.repeat(32));
    expect(block.hash).to.equal(blockHeaderHash(7n, Buffer.alloc(32, 1), Buffer.alloc(32, 2)));
    expect(block.transactions).to.have.length(1);
    expect(block.transactions[0]).to.include({
      txId: TX,
      type: 'ENDORSER_TRANSACTION',
      validationCode: 'VALID',
      chaincode: 'registry',
      function: 'credits:Transfer',
    });
    const detail = block.details[0]!;
    expect(detail.creator).to.deep.equal({ mspId: 'DeveloperMSP', commonName: null });
    expect(detail.args).to.deep.equal([{ blockId: 'B-1', quantity: 3 }]);
    expect(detail.endorsingOrganisations).to.deep.equal(['CertifierMSP', 'GovernmentMSP']);
    expect(detail.writes).to.deep.equal([
      { namespace: 'registry', key: '\u0000ncr.block\u0000B-1\u0000', isDelete: false, value: { quantity: 3 } },
    ]);
    expect(detail.response).to.deep.equal({ status: 200, message: '', payload: { ok: true } });
  });

  it('hashes headers as Fabric does: SHA-256 over DER (number, previousHash, dataHash)', () => {
    // Independent DER for number 0 with empty hashes: 30 07 02 01 00 04 00 04 00.
    const der = Buffer.from([0x30, 0x07, 0x02, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]);
    expect(blockHeaderHash(0n, new Uint8Array(), new Uint8Array())).to.equal(
      createHash('sha256').update(der).digest('hex'),
    );
    // 128 needs a leading zero byte to stay positive: 02 02 00 80.
    const der128 = Buffer.from([0x30, 0x08, 0x02, 0x02, 0x00, 0x80, 0x04, 0x00, 0x04, 0x00]);
    expect(blockHeaderHash(128n, new Uint8Array(), new Uint8Array())).to.equal(
      createHash('sha256').update(der128).digest('hex'),
    );
  });
});
