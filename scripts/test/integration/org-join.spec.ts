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
import { demoUsers } from '../../src/demo/api-client';
import { ApiTransport } from '../../src/lib/api';
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
  /** The REST gateways (each key goes to its own organisation's); the certifiers' account this run creates. */
  const rest = new ApiTransport(gatewayUrl(loadTopology(), orgByKey(loadTopology(), 'government')), 120_000);
  const accountId = `CER-V2-${Date.now().toString(36).toUpperCase()}`;
  let vvb2: { apiKey: string; enrollmentId: string; url: string } = { apiKey: '', enrollmentId: '', url: '' };
  /** A call of the joined organisation's user, to its own gateway. */
  const asVvb2 = async (method: string, route: string, body?: unknown): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${vvb2.url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${vvb2.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };
  /** The government's admission of member organisations in the registry settings (POST /v1/settings). */
  const admit = async (memberOrganisations: readonly { mspId: string; accountType: string }[]) => {
    const answer = await rest.send('POST', '/v1/settings', demoUsers().get('gov-admin')?.apiKey ?? '', {
      memberOrganisations,
    });
    expect(answer.status, answer.text).to.equal(201);
  };

  before(async () => {
    setQuiet(true);
    const topology = await startNetwork(); // reuses a running network
    government = orgByKey(topology, 'government');
    if (joinedOrgs().some((org) => org.key === 'certifier2')) await leaveOrg('certifier2'); // an earlier run's
    await admit([]);
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
      const user = JSON.parse(await enrollSiteUser(org, [`vvb2-admin-${process.pid}`, accountId, 'ADMIN'])) as {
        apiKey: string;
        url: string;
        mspId: string;
        enrollmentId: string;
      };
      expect(user).to.include({ url: gatewayUrl(topology, org), mspId: 'Certifier2MSP' });
      vvb2 = user;

      const me = await asVvb2('GET', '/v1/me');
      expect(me.status).to.equal(200);
      const body = JSON.parse(me.text) as { user: { mspId: string }; ledger: { binding: unknown; account: unknown } };
      expect(body.user.mspId).to.equal('Certifier2MSP');
      // accounts:WhoAmI, evaluated as this user: no government admin has bound it to an account yet.
      expect(body.ledger).to.include({ binding: null, account: null });
      // A read every user may make: the registry's settings, evaluated by the chaincode on its own peer.
      const settings = await asVvb2('GET', '/v1/settings');
      expect(settings.status).to.equal(200);
      expect((JSON.parse(settings.text) as { registryId: string }).registryId)
        .to.be.a('string')
        .and.not.equal('');
      // Another organisation's gateway does not know this user.
      const elsewhere = await fetch(`${gatewayUrl(topology, orgByKey(topology, 'government'))}/v1/me`, {
        headers: { authorization: `Bearer ${user.apiKey}` },
      });
      expect(elsewhere.status).to.equal(401);
    });

    it('holds a certifier account once the government admits it in the registry settings, and its admin writes', async () => {
      const govAdmin = demoUsers().get('gov-admin')?.apiKey ?? '';
      const account = {
        id: accountId,
        name: 'Second Validation and Verification Body',
        type: 'CERTIFIER',
        country: 'GHA',
        admin: { mspId: 'Certifier2MSP', enrollmentId: vvb2.enrollmentId },
      };
      const refused = await rest.send('POST', '/v1/accounts', govAdmin, account);
      expect(refused.status, refused.text).to.equal(400);
      expect(refused.text).to.contain('come from CertifierMSP, not Certifier2MSP');

      await admit([{ mspId: 'Certifier2MSP', accountType: 'CERTIFIER' }]);
      const created = await rest.send('POST', '/v1/accounts', govAdmin, account);
      expect(created.status, created.text).to.equal(201);

      const me = JSON.parse((await asVvb2('GET', '/v1/me')).text) as {
        ledger: { account: { id: string; type: string } | null; binding: { role: string } | null };
      };
      expect(me.ledger.account).to.include({ id: accountId, type: 'CERTIFIER' });
      expect(me.ledger.binding).to.include({ role: 'ADMIN' });
      // A write of its own: the account's admin binds a second user of its organisation (accounts:BindIdentity,
      // endorsed and committed), through its own gateway.
      const officer = await asVvb2('POST', '/v1/users', {
        name: `vvb2-officer-${process.pid}`,
        role: 'MANAGER',
      });
      expect(officer.status, officer.text).to.equal(201);
      expect(JSON.parse(officer.text)).to.have.nested.property('user.apiKey').that.is.a('string');
    });
  });

  // Mocha runs a describe block's own tests before its nested blocks: the removal comes in a block after them.
  describe('then', () => {
    it('leaves with a majority of the four admins signing; its site stops', async () => {
      const joined = orgByKey({ orgs: joinedOrgs() }, 'certifier2');
      const port = gatewayPort(withJoined(loadTopology()), joined);

      await leaveOrg('certifier2');
      await admit([]); // the government withdraws the admission of an organisation that left

      expect(await channelMembers()).to.deep.equal(THREE);
      expect(joinedOrgs()).to.deep.equal([]);
      expect(Object.keys(network().orgs)).to.not.include('Certifier2MSP');
      await waitFor('its gateway to stop', async () => !(await tcpOpen(orgHost(joined), port)), { timeoutMs: 10_000 });
    });
  });
});
