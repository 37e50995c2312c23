import { expect } from 'chai';
import { type NetworkConfig, parseNetworkConfig, siteOrg } from '../../src/fabric/network-config';

const description: NetworkConfig = {
  channel: 'ncr',
  chaincode: 'registry',
  org: 'DeveloperMSP',
  orgs: {
    DeveloperMSP: {
      key: 'developer',
      gatewayUrl: 'http://127.0.0.1:3002',
      peer: { name: 'peer0.developer.ncr', endpoint: '127.0.0.1:9051', tlsCACertPath: '/abs/tls-ca.pem' },
      ca: {
        url: 'https://127.0.0.1:9054',
        caName: 'ca-developer',
        tlsCACertPath: '/abs/ca-cert.pem',
        registrar: { enrollmentId: 'registrar', secret: 's' },
      },
      clientTls: { certPath: '/abs/tls-client.crt', keyPath: '/abs/tls-client.key' },
      admin: { enrollmentId: 'developer-admin', certPath: '/abs/cert.pem', keyPath: '/abs/key.pem' },
    },
  },
};

describe('network description (network.json)', () => {
  it('parses what npm start writes, field for field', () => {
    expect(parseNetworkConfig(JSON.stringify(description), '/x/network.json')).to.deep.equal(description);
  });

  it("refuses an organisation without its gateway's URL, naming the file and the missing field", () => {
    const broken = JSON.stringify(description).replace('"gatewayUrl":"http://127.0.0.1:3002",', '');
    expect(() => parseNetworkConfig(broken, '/x/network.json')).to.throw(
      /Invalid network description \/x\/network\.json: orgs\.DeveloperMSP\.gatewayUrl: /,
    );
  });

  it("gives a site's own organisation with its admin, TLS client and registrar", () => {
    const site = siteOrg(description);
    expect(site.mspId).to.equal('DeveloperMSP');
    expect(site.registrar).to.deep.equal({ enrollmentId: 'registrar', secret: 's' });
    expect(site.org.admin.keyPath).to.equal('/abs/key.pem');
  });

  it('refuses to act for an organisation from the public description (no org, no secrets)', () => {
    const { org: _, ...open } = description;
    expect(() => siteOrg(open)).to.throw(/names no organisation of its own/);
    const developer = description.orgs.DeveloperMSP;
    if (developer === undefined) throw new Error('fixture lacks DeveloperMSP');
    const { admin: _admin, ...withoutAdmin } = developer;
    expect(() => siteOrg({ ...description, orgs: { DeveloperMSP: withoutAdmin } })).to.throw(
      /lacks its admin, TLS client or registrar/,
    );
  });

  it('refuses an organisation whose CA URL is not a URL, naming where', () => {
    const broken = JSON.stringify(description).replace('https://127.0.0.1:9054', 'not a url');
    expect(() => parseNetworkConfig(broken, '/x/network.json')).to.throw(/orgs\.DeveloperMSP\.ca\.url: /);
  });

  it('refuses text that is not JSON, naming the file', () => {
    expect(() => parseNetworkConfig('{"channel":', '/x/network.json')).to.throw(
      /network description \/x\/network\.json is not JSON/,
    );
  });
});
