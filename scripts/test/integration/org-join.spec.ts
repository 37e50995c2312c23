import path from 'node:path';
import { expect } from 'chai';
import { peer } from '@hyperledger/fabric-protos';
import { setQuiet } from '../../src/lib/log';
import { tcpOpen } from '../../src/lib/net';
import { paths } from '../../src/lib/paths';
import { waitFor } from '../../src/lib/processes';
import { joinOrg, leaveOrg } from '../../src/commands/join';
import { startNetwork } from '../../src/commands/start';
import { applicationOrgs, fetchConfig, updateDir } from '../../src/network/config-update';
import { chainHeight, committedTransaction, connectAsAdmin, network, type Connection } from '../../src/network/client';
import { enrollSiteUser } from '../../src/network/gateway';
import { joinedOrgs, withJoined } from '../../src/network/members';
import { gatewayPort, gatewayUrl, loadTopology, orgByKey, orgHost, type OrgConfig } from '../../src/network/topology';

/**
 * A fourth organisation (network/orgs/certifier2.json) joins the running channel through a config update that the
 * other organisations' admins sign, works, and leaves again through the same kind of update, so that the network
 * the other specs use ends as it began (three organisations).
 */
describe('An organisation joins the running channel and leaves it (channel config updates)', function () {
  this.timeout(900_000);
  const entry = path.join(paths.network, 'orgs', 'certifier2.json');
  const THREE = ['CertifierMSP', 'DeveloperMSP', 'GovernmentMSP'];
  let government: OrgConfig;

  before(async () => {
    setQuiet(true);
    const topology = await startNetwork(); // reuses a running network
    government = orgByKey(topology, 'government');
    if (joinedOrgs().some((org) => org.key === 'certifier2')) await leaveOrg('certifier2'); // an earlier run's
  });

  after(async () => {
    if (joinedOrgs().some((org) => org.key === 'certifier2')) await leaveOrg('certifier2');
  });

  const channelMembers = async (): Promise<string[]> =>
    applicationOrgs(await fetchConfig(loadTopology(), government, updateDir('spec-read'))).sort();

  it('refuses an update signed by one admin of three, with the reason the orderer gives', async () => {
    const failure: unknown = await joinOrg(entry, { signatures: 1 }).then(
      () => undefined,
      (err: unknown) => err,
    );

    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.include(
      "implicit policy evaluation failed - 1 sub-policies were satisfied, but this policy requires 2 of the 'Admins' " +
        'sub-policies to be satisfied',
    );
    expect(await channelMembers()).to.deep.equal(THREE);
    expect(joinedOrgs()).to.deep.equal([]);
  });

  it('joins with a majority of admins signing; its peer reaches the same height', async () => {
    const org = await joinOrg(entry);

    expect(await channelMembers()).to.deep.equal([...THREE, 'Certifier2MSP'].sort());
    expect(joinedOrgs().map((joined) => joined.mspId)).to.deep.equal(['Certifier2MSP']);
    // Its ports moved with the topology's (network/orgs/certifier2.json numbers them as network/topology.json).
    const shift = government.peer.port - 7051;
    expect(org.peer.port).to.equal(10051 + shift);
    expect(gatewayPort(withJoined(loadTopology()), org)).to.equal(loadTopology().gateway.port + 3);
    const [mine, theirs] = [connectAsAdmin('Certifier2MSP'), connectAsAdmin('GovernmentMSP')];
    try {
      const height = await chainHeight(theirs.gateway);
      expect(await chainHeight(mine.gateway)).to.be.at.least(height);
    } finally {
      mine.close();
      theirs.close();
    }
  });

  describe('once joined', () => {
    let mine: Connection;
    before(() => {
      mine = connectAsAdmin('Certifier2MSP');
    });
    after(() => {
      mine.close();
    });
    const diagnostics = () =>
      mine.gateway.getNetwork(network().channel).getContract(network().chaincode, 'diagnostics');

    it("endorses: its peer's endorsement is in a committed transaction of the registry chaincode", async () => {
      const probeId = `join-${process.pid}-${Date.now()}`;
      const proposal = diagnostics().newProposal('RecordProbe', {
        arguments: [JSON.stringify({ probeId })],
        endorsingOrganizations: ['GovernmentMSP', 'CertifierMSP', 'Certifier2MSP'],
      });
      const status = await (await (await proposal.endorse()).submit()).getStatus();

      expect(status.code, `validation code ${status.code}`).to.equal(peer.TxValidationCode.VALID);
      const onLedger = await committedTransaction(mine.gateway, status.transactionId);
      expect(onLedger.endorserMspIds.sort()).to.deep.equal(['Certifier2MSP', 'CertifierMSP', 'GovernmentMSP']);
      expect(onLedger.creator.mspId).to.equal('Certifier2MSP');
    });

    it("is not in the chaincode's endorsement policy: Government and it alone do not commit", async () => {
      const proposal = diagnostics().newProposal('RecordProbe', {
        arguments: [JSON.stringify({ probeId: `join-alone-${process.pid}-${Date.now()}` })],
        endorsingOrganizations: ['GovernmentMSP', 'Certifier2MSP'],
      });
      const status = await (await (await proposal.endorse()).submit()).getStatus();

      expect(status.code).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    });

    it('serves a user of it, enrolled with its own CA, through its own gateway only', async () => {
      const topology = withJoined(loadTopology());
      const org = orgByKey(topology, 'certifier2');
      const user = JSON.parse(await enrollSiteUser(org, [`vvb2-admin-${process.pid}`, 'CERT-VVB2', 'ADMIN'])) as {
        apiKey: string;
        url: string;
        mspId: string;
      };
      expect(user).to.include({ url: gatewayUrl(topology, org), mspId: 'Certifier2MSP' });
      const get = (base: string, route: string) =>
        fetch(`${base}${route}`, { headers: { authorization: `Bearer ${user.apiKey}` } });

      const me = await get(user.url, '/v1/me');
      expect(me.status).to.equal(200);
      const body = (await me.json()) as { user: { mspId: string }; ledger: { binding: unknown; account: unknown } };
      expect(body.user.mspId).to.equal('Certifier2MSP');
      // accounts:WhoAmI, evaluated as this user: no government admin has bound it to an account yet.
      expect(body.ledger).to.include({ binding: null, account: null });
      // A read every user may make: the registry's settings, evaluated by the chaincode on its own peer.
      const settings = await get(user.url, '/v1/settings');
      expect(settings.status).to.equal(200);
      expect(((await settings.json()) as { registryId: string }).registryId)
        .to.be.a('string')
        .and.not.equal('');
      // Another organisation's gateway does not know this user.
      expect((await get(gatewayUrl(topology, orgByKey(topology, 'government')), '/v1/me')).status).to.equal(401);
    });
  });

  // Mocha runs a describe block's own tests before its nested blocks: the removal comes in a block after them.
  describe('then', () => {
    it('leaves with a majority of the four admins signing; its site stops', async () => {
      const joined = orgByKey({ orgs: joinedOrgs() }, 'certifier2');
      const port = gatewayPort(withJoined(loadTopology()), joined);

      await leaveOrg('certifier2');

      expect(await channelMembers()).to.deep.equal(THREE);
      expect(joinedOrgs()).to.deep.equal([]);
      expect(Object.keys(network().orgs)).to.not.include('Certifier2MSP');
      await waitFor('its gateway to stop', async () => !(await tcpOpen(orgHost(joined), port)), { timeoutMs: 10_000 });
    });
  });
});
