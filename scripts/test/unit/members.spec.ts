import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { paths } from '../../src/lib/paths';
import { loadEntry, withJoined } from '../../src/network/members';
import { gatewayPort, gatewayUrl, loadTopology, orgHost, type Topology } from '../../src/network/topology';
import { scratchDirs } from './scratch';

describe('entries of organisations that join the channel (network/orgs/)', () => {
  const scratch = scratchDirs();
  const entryFile = path.join(paths.network, 'orgs', 'certifier2.json');
  const reference = loadTopology(path.join(paths.network, 'topology.json'));
  /** network/topology.json with every port moved by `shift`, as the NCR_TOPOLOGY files of a second network do. */
  const moved = (shift: number): Topology =>
    JSON.parse(
      JSON.stringify(reference, (key, value: unknown) =>
        typeof value === 'number' && key !== 'version' ? value + shift : value,
      ),
    ) as Topology;
  const tempEntry = (change: (entry: Record<string, unknown>) => void): string => {
    const entry = JSON.parse(fs.readFileSync(entryFile, 'utf8')) as Record<string, unknown>;
    change(entry);
    const file = path.join(scratch('ncr-entry-'), 'entry.json');
    fs.writeFileSync(file, JSON.stringify(entry));
    return file;
  };

  it('keeps the ports of the entry under network/topology.json', () => {
    const org = loadEntry(entryFile, reference);
    expect(org).to.deep.include({ mspId: 'Certifier2MSP', ca: { port: 10054, operationsPort: 10055 } });
    expect(org.peer).to.deep.equal({ port: 10051, chaincodePort: 10052, operationsPort: 10444 });
    expect(org.chaincodeService.port).to.equal(10100);
  });

  it('moves them as far as the topology in use moved its own', () => {
    const topology = moved(10_000);
    const org = loadEntry(entryFile, topology);
    expect(org.peer).to.deep.equal({ port: 20051, chaincodePort: 20052, operationsPort: 20444 });
    expect(org.ca.port).to.equal(20054);
    expect(gatewayPort(withJoined(topology, [org]), org)).to.equal(topology.gateway.port + 3);
  });

  it('refuses an entry with an orderer, and one whose port the topology uses', () => {
    const withOrderer = tempEntry((entry) => {
      entry.orderer = { port: 10050, clusterPort: 10060, adminPort: 10053, operationsPort: 10443 };
    });
    expect(() => loadEntry(withOrderer, reference)).to.throw(/orderer/);
    const clashing = tempEntry((entry) => {
      entry.chaincodeService = { port: 7100 };
    });
    expect(() => loadEntry(clashing, reference)).to.throw(/on 127\.0\.0\.1, port 7100 is used twice/);
  });

  it('lets an entry on a host of its own use a port the topology uses on another host, and keeps its host and netns', () => {
    const file = tempEntry((entry) => {
      Object.assign(entry, { host: '10.88.0.14', netns: 'ncr-certifier2', chaincodeService: { port: 7100 } });
    });
    const org = loadEntry(file, reference);
    expect(org).to.deep.include({ host: '10.88.0.14', netns: 'ncr-certifier2', chaincodeService: { port: 7100 } });
    expect(orgHost(org)).to.equal('10.88.0.14');
    expect(gatewayUrl(withJoined(reference, [org]), org)).to.equal(`http://10.88.0.14:${reference.gateway.port + 3}`);
  });
});
