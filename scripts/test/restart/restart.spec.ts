import { expect } from 'chai';
import { peer } from '@hyperledger/fabric-protos';
import { setQuiet } from '../../src/lib/log';
import { recordedDaemons, runningPid } from '../../src/lib/processes';
import { startNetwork } from '../../src/commands/start';
import { stopNetwork } from '../../src/commands/stop';
import { chainHeight, connectAsAdmin, network } from '../../src/network/client';

/** Runs last (its own mocha spec folder): it stops and restarts every process. */
describe('Network restart (npm stop, then npm start)', function () {
  this.timeout(600_000);

  it('keeps the ledger: height does not go back, earlier writes are readable, new writes commit', async () => {
    setQuiet(true);
    await startNetwork();
    const probeId = `restart-${process.pid}-${Date.now()}`;
    let before: number;
    {
      const connection = connectAsAdmin('GovernmentMSP');
      const contract = connection.gateway.getNetwork(network().channel).getContract(network().chaincode, 'diagnostics');
      await contract.submitTransaction('RecordProbe', JSON.stringify({ probeId }));
      before = await chainHeight(connection.gateway);
      connection.close();
    }

    const stopped = await stopNetwork();
    expect(stopped.length).to.be.at.least(12); // 3 CAs, 3 orderers, 3 peers, 3 chaincode services
    const stillRunning = recordedDaemons()
      .filter((daemon) => runningPid(daemon) !== undefined)
      .map((daemon) => daemon.name);
    expect(stillRunning).to.deep.equal([]);

    await startNetwork();
    const connection = connectAsAdmin('GovernmentMSP');
    try {
      const after = await chainHeight(connection.gateway);
      expect(after).to.be.at.least(before);
      const contract = connection.gateway.getNetwork(network().channel).getContract(network().chaincode, 'diagnostics');
      const stored = JSON.parse(
        new TextDecoder().decode(await contract.evaluateTransaction('GetProbe', JSON.stringify({ probeId }))),
      ) as { probeId: string };
      expect(stored.probeId).to.equal(probeId);
      const commit = await contract.submitAsync('RecordProbe', {
        arguments: [JSON.stringify({ probeId: `${probeId}-after` })],
      });
      const status = await commit.getStatus();
      expect(status.code).to.equal(peer.TxValidationCode.VALID);
      expect(await chainHeight(connection.gateway)).to.be.greaterThan(after);
    } finally {
      connection.close();
    }
  });
});
