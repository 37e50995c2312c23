import { expect } from 'chai';
import { runChaos } from '../../src/chaos/chaos';
import { DEFAULT_OPTIONS, parseFaults } from '../../src/chaos/options';
import { recordedDaemons, runningPid } from '../../src/lib/processes';
import { gatewayUrl, loadTopology } from '../../src/network/topology';

/**
 * The short form of `npm run chaos`: a few clients transfer, retire and issue through the gateways while the Raft
 * leader orderer, one peer (the government's, which every write needs) and then every gateway are killed with
 * SIGKILL and brought back by the start command. Nothing acknowledged may be lost or doubled, quantities are
 * conserved, and every process runs again afterwards. NCR_CHAOS_FAULTS (e.g. `orderer-follower,gateway`) changes the
 * faults.
 */
describe('chaos (short form): processes killed under load lose and double nothing', function () {
  this.timeout(600_000);

  it('keeps every acknowledged write exactly once, conserves quantities, and brings every process back', async () => {
    const { result, markdown } = await runChaos(
      {
        ...DEFAULT_OPTIONS,
        clients: 3,
        holdS: 5,
        settleS: 3,
        giveUpS: 120,
        faults: parseFaults(process.env.NCR_CHAOS_FAULTS ?? 'orderer-leader,peer-government,gateway'),
      },
      'chaos.spec.ts',
    );
    const verification = result.verification;
    expect(result.errors, markdown).to.deep.equal([]);
    expect(verification, markdown).to.not.equal(undefined);
    expect(verification!.writes.all.acked, markdown).to.be.greaterThan(0);
    expect(verification!.matching.lost, markdown).to.deep.equal([]);
    expect(verification!.matching.duplicates, markdown).to.deep.equal([]);
    expect(verification!.matching.unexplained, markdown).to.deep.equal([]);
    expect(verification!.matching.committed, markdown).to.equal(verification!.writes.all.acked);
    expect(verification!.balances.mismatches, markdown).to.deep.equal([]);
    for (const check of verification!.conservation) expect(check.ok, markdown).to.equal(true);
    expect(verification!.integrity.violations, markdown).to.deep.equal([]);
    expect(verification!.failures, markdown).to.deep.equal([]);
    // Each fault was injected, and writes succeeded again after it.
    const faults = result.figures.slice(1);
    expect(faults.map((f) => f.fault)).to.deep.equal(result.options.faults);
    for (const fault of faults) expect(fault.firstSuccessAfterRestartS, markdown).to.not.equal(null);
    expect(result.passed, markdown).to.equal(true);

    const down = recordedDaemons()
      .filter((daemon) => runningPid(daemon) === undefined)
      .map((daemon) => daemon.name);
    expect(down, 'processes not running after the run').to.deep.equal([]);
    const topology = loadTopology();
    for (const org of topology.orgs) {
      const health = await fetch(`${gatewayUrl(topology, org)}/v1/health`);
      const body = (await health.json()) as { status: string; down: string[] };
      expect(health.status, org.key).to.equal(200);
      expect(body.down, org.key).to.deep.equal([]);
    }
  });
});
