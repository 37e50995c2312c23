import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { hashTree, render } from '../../src/lib/files';
import { scratchDirs } from './scratch';
import { loadTopology, orgHost, workflowProfileFile } from '../../src/network/topology';

describe('config rendering', () => {
  it('replaces every placeholder with its value', () => {
    expect(render('port: {{port}}\nid: {{id}}', { port: 7051, id: 'peer0' })).to.equal('port: 7051\nid: peer0');
  });

  it('refuses a placeholder without a value instead of writing it into a config', () => {
    expect(() => render('port: {{port}}', {})).to.throw('{{port}} has no value');
  });
});

describe('hashTree', () => {
  const scratch = scratchDirs();
  it('changes when a file changes and ignores filtered files', () => {
    const dir = scratch('ncr-hash-');
    fs.writeFileSync(path.join(dir, 'a.js'), 'one');
    fs.writeFileSync(path.join(dir, 'a.js.map'), 'map');
    const skipMaps = (relative: string): boolean => !relative.endsWith('.map');
    const first = hashTree(dir, skipMaps);
    fs.writeFileSync(path.join(dir, 'a.js.map'), 'other map');
    expect(hashTree(dir, skipMaps)).to.equal(first);
    fs.writeFileSync(path.join(dir, 'a.js'), 'two');
    expect(hashTree(dir, skipMaps)).to.not.equal(first);
  });
});

describe('network/topology.json', () => {
  const scratch = scratchDirs();
  it('is valid: three organisations, one CA, orderer and peer each, no port used twice', () => {
    const topology = loadTopology();
    expect(topology.orgs.map((org) => org.mspId)).to.deep.equal(['GovernmentMSP', 'CertifierMSP', 'DeveloperMSP']);
    expect(topology.endorsementPolicy).to.equal(
      "AND('GovernmentMSP.peer',OR('CertifierMSP.peer','DeveloperMSP.peer'))",
    );
  });

  it('rejects a topology that uses a port twice', () => {
    const file = path.join(scratch('ncr-topo-'), 'topology.json');
    const topology = loadTopology();
    const [first, second] = topology.orgs;
    if (!first || !second) throw new Error('fixture needs two organisations');
    const clashing = { ...topology, orgs: [first, { ...second, peer: { ...second.peer, port: first.peer.port } }] };
    fs.writeFileSync(file, JSON.stringify(clashing));
    expect(() => loadTopology(file)).to.throw(`port ${first.peer.port} is used twice`);
  });

  it('lets organisations on different hosts use the same ports, and rejects a host that is not an IPv4 address', () => {
    const dir = scratch('ncr-topo-');
    const topology = loadTopology();
    const [first] = topology.orgs;
    if (!first) throw new Error('fixture needs an organisation');
    // Every peer on the first one's ports, each on a host of its own.
    const orgs = topology.orgs.map((org, index) => ({ ...org, host: `10.88.0.${11 + index}`, peer: first.peer }));
    const apart = { ...topology, orgs };
    fs.writeFileSync(path.join(dir, 'apart.json'), JSON.stringify(apart));
    const loaded = loadTopology(path.join(dir, 'apart.json'));
    expect(loaded.orgs.map(orgHost)).to.deep.equal(['10.88.0.11', '10.88.0.12', '10.88.0.13']);
    expect(topology.orgs.map(orgHost)).to.deep.equal(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    fs.writeFileSync(
      path.join(dir, 'named.json'),
      JSON.stringify({ ...apart, orgs: [{ ...apart.orgs[0], host: 'example.org' }] }),
    );
    expect(() => loadTopology(path.join(dir, 'named.json'))).to.throw();
  });
});

describe('the workflow profile npm start installs', () => {
  const saved = process.env.NCR_PROFILE;
  afterEach(() => {
    if (saved === undefined) delete process.env.NCR_PROFILE;
    else process.env.NCR_PROFILE = saved;
  });

  it('is the topology’s (lean by default) unless NCR_PROFILE names another, and must exist', () => {
    delete process.env.NCR_PROFILE;
    const topology = loadTopology();
    expect(topology.workflowProfile).to.equal('lean');
    expect(path.relative(process.cwd(), workflowProfileFile(topology))).to.equal(
      path.join('network', 'profiles', 'lean.json'),
    );
    expect(workflowProfileFile({ ...topology, workflowProfile: 'article6' })).to.match(
      /network\/profiles\/article6\.json$/,
    );
    process.env.NCR_PROFILE = 'article6';
    expect(workflowProfileFile(topology)).to.match(/network\/profiles\/article6\.json$/);
    process.env.NCR_PROFILE = 'nowhere';
    expect(() => workflowProfileFile(topology)).to.throw('nowhere.json does not exist');
  });
});
