import { expect } from 'chai';
import { type NetworkConfig, parseNetworkConfig } from '../../src/fabric/network-config';

const description: NetworkConfig = {
  channel: 'ncr',
  chaincode: 'registry',
  gatewayPort: 3000,
  orgs: {
    DeveloperMSP: {
      key: 'developer',
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

  it('refuses a description without the gateway port, naming the file and the missing field', () => {
    const { gatewayPort: _, ...withoutPort } = description;
    expect(() => parseNetworkConfig(JSON.stringify(withoutPort), '/x/network.json')).to.throw(
      /Invalid network description \/x\/network\.json: gatewayPort: /,
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
