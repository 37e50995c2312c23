import { expect } from 'chai';
import { peer } from '@hyperledger/fabric-protos';
import { setQuiet } from '../../src/lib/log';
import { waitFor } from '../../src/lib/processes';
import { startNetwork } from '../../src/commands/start';
import { chainHeight, committedTransaction, connectAsAdmin, network, type Connection } from '../../src/network/client';

const utf8 = new TextDecoder();

describe('Fabric network (real peers, orderers and CAs started by our scripts)', function () {
  this.timeout(300_000);
  let government: Connection;
  let developer: Connection;

  before(async () => {
    setQuiet(true);
    await startNetwork(); // reuses a running network, starts one otherwise
    government = connectAsAdmin('GovernmentMSP');
    developer = connectAsAdmin('DeveloperMSP');
  });

  after(() => {
    government.close();
    developer.close();
  });

  const diagnostics = (connection: Connection) =>
    connection.gateway.getNetwork(network().channel).getContract(network().chaincode, 'diagnostics');

  /**
   * Waits (at most 10 s) until the peer of `connection` holds block `blockNumber`: a commit status comes from the
   * submitting organisation's peer alone, and the other peers commit the same block a little later.
   */
  const committedOn = (connection: Connection, peerName: string, blockNumber: bigint) =>
    waitFor(
      `the ${peerName} peer to commit block ${blockNumber}`,
      async () => (await chainHeight(connection.gateway)) > Number(blockNumber),
      { timeoutMs: 10_000, intervalMs: 50 },
    );

  it('commits a transaction endorsed by Government and a second organisation, and reads it back', async () => {
    const probeId = `net-${process.pid}-${Date.now()}`;
    const heightBefore = await chainHeight(government.gateway);

    const commit = await diagnostics(government).submitAsync('RecordProbe', {
      arguments: [JSON.stringify({ probeId })],
    });
    const status = await commit.getStatus();

    expect(status.successful, `validation code ${status.code}`).to.equal(true);
    expect(status.code).to.equal(peer.TxValidationCode.VALID);
    expect(Number(status.blockNumber)).to.be.at.least(heightBefore);
    await committedOn(developer, 'developer', status.blockNumber);
    const stored = JSON.parse(
      utf8.decode(await diagnostics(developer).evaluateTransaction('GetProbe', JSON.stringify({ probeId }))),
    ) as { probeId: string; txId: string; mspId: string };
    expect(stored).to.include({ probeId, txId: commit.getTransactionId(), mspId: 'GovernmentMSP' });

    const onLedger = await committedTransaction(government.gateway, commit.getTransactionId());
    expect(onLedger.validationCode).to.equal(peer.TxValidationCode.VALID);
    expect(onLedger.endorserMspIds).to.include('GovernmentMSP');
    expect(onLedger.endorserMspIds.filter((mspId) => mspId !== 'GovernmentMSP')).to.have.length.of.at.least(1);
  });

  it('rejects at commit a transaction endorsed by the Developer organisation alone (ENDORSEMENT_POLICY_FAILURE)', async () => {
    const probeId = `solo-${process.pid}-${Date.now()}`;
    const proposal = diagnostics(developer).newProposal('RecordProbe', {
      arguments: [JSON.stringify({ probeId })],
      endorsingOrganizations: ['DeveloperMSP'],
    });
    const transaction = await proposal.endorse();
    const commit = await transaction.submit();
    const status = await commit.getStatus();

    expect(status.successful).to.equal(false);
    expect(status.code).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    await committedOn(government, 'government', status.blockNumber);
    const onLedger = await committedTransaction(government.gateway, commit.getTransactionId());
    expect(onLedger.endorserMspIds).to.deep.equal(['DeveloperMSP']);
    expect(onLedger.validationCode).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    // The invalid transaction is in a block but wrote nothing.
    let readError: unknown;
    try {
      await diagnostics(government).evaluateTransaction('GetProbe', JSON.stringify({ probeId }));
    } catch (err) {
      readError = err;
    }
    expect(String((readError as { details?: { message: string }[] } | undefined)?.details?.[0]?.message)).to.match(
      /NOT_FOUND/,
    );
  });
});
