import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { setQuiet, step, detail, warn } from './lib/log';
import { paths, publicPaths } from './lib/paths';
import { startNetwork } from './commands/start';
import { stopNetwork } from './commands/stop';
import { networkStatus } from './commands/status';
import { runDemo } from './demo/workflow';
import { runBench } from './bench/bench';
import { parseConcurrency, parsePhases, parsePositive } from './bench/options';
import { PHASES } from './bench/result';
import { runChaos } from './chaos/chaos';
import { DEFAULT_FAULTS, DEFAULT_OPTIONS, FAULTS, parseFaults } from './chaos/options';
import { demoUsers } from './demo/api-client';
import { FuzzClient } from './fuzz/client';
import { readersOf } from './fuzz/registry';
import { readAdminState, restoreAdminState } from './fuzz/restore';
import { DEFAULT_PACING, replayRequest, runFuzz } from './fuzz/run';
import { renderSummary } from './fuzz/summary';
import { deployChaincode } from './network/chaincode';
import { reconcileReadModel } from './network/gateway';
import { gatewayUrl, loadTopology, orgByKey, orgHost } from './network/topology';
import { registerOrgCommand } from './commands/org';
import { registerBundleCommand } from './commands/bundle';
import { registerJoinCommands } from './commands/join';
import { deployPartnerChannels, registerPartnerCommand } from './commands/partner';
import { registerCrossCheckCommand } from './commands/aef-cross-check';
import { stuckTransfers } from './commands/stuck-transfers';
import { joinedOrgs, withJoined } from './network/members';

const program = new Command('ncr').description('National carbon registry: Fabric network and gateway');

function printWhereThingsAre(): void {
  const topology = loadTopology();
  step('Running, one site per organisation');
  for (const org of topology.orgs) {
    detail(
      `${org.mspId} on ${orgHost(org)}${org.netns === undefined ? '' : ` (netns ${org.netns})`}: ` +
        `gateway ${gatewayUrl(topology, org)}  CA :${org.ca.port}  orderer :${org.orderer.port} ` +
        `(admin :${org.orderer.adminPort})  peer :${org.peer.port}  chaincode service :${org.chaincodeService.port}`,
    );
  }
  const network = withJoined(topology);
  for (const org of joinedOrgs()) {
    detail(
      `${org.mspId} (joined) on ${orgHost(org)}${org.netns === undefined ? '' : ` (netns ${org.netns})`}: ` +
        `gateway ${gatewayUrl(network, org)}  CA :${org.ca.port}  peer :${org.peer.port}  ` +
        `chaincode service :${org.chaincodeService.port}`,
    );
  }
  detail(`channel ${topology.channel}, chaincode ${topology.chaincode.name}, policy ${topology.endorsementPolicy}`);
  detail(`sites: ${paths.orgs}/<org>/ (logs/, data/, crypto/, gateway/)   published: ${publicPaths.dir}`);
  detail(`demo users (API key, gateway URL): ${paths.users}`);
  detail('stop: npm stop   one site: npm run org -- <org> start|stop|status   wipe: npm run reset');
}

program
  .command('start')
  .description('set up and start everything (idempotent: reuses what already runs)')
  .option('--quiet', 'print only errors')
  .action(async (options: { quiet?: boolean }) => {
    setQuiet(options.quiet === true);
    const started = Date.now();
    await startNetwork();
    printWhereThingsAre();
    step(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

program
  .command('stop')
  .description('stop every process start recorded')
  .action(async () => {
    await stopNetwork();
  });

program
  .command('reset')
  .description('stop, then wipe ledgers, identities, logs (keeps the built Fabric binaries)')
  .action(async () => {
    await stopNetwork();
    if (fs.existsSync(paths.home)) {
      for (const entry of fs.readdirSync(paths.home)) {
        if (path.join(paths.home, entry) === paths.bin) continue;
        fs.rmSync(path.join(paths.home, entry), { recursive: true, force: true });
      }
    }
    step(`Wiped ${paths.home} (kept ${paths.bin})`);
  });

program
  .command('status')
  .description('health of each node, block heights, committed chaincode sequence')
  .action(async () => {
    const status = await networkStatus();
    for (const node of status.nodes) {
      detail(
        `${node.healthy ? 'UP  ' : 'DOWN'} ${node.name.padEnd(26)} ${node.detail.padEnd(7)} pid ${node.pid ?? '-'}`,
      );
    }
    for (const [peer, height] of Object.entries(status.heights)) {
      detail(`height ${String(height ?? 'unknown').padStart(6)}  as seen by ${peer}`);
    }
    detail(
      status.chaincode
        ? `chaincode sequence ${status.chaincode.sequence}${status.chaincode.current ? ' (current build)' : ' (older build: npm run deploy)'}`
        : 'chaincode: not committed',
    );
    if (status.nodes.some((node) => !node.healthy)) process.exitCode = 1;
  });

program
  .command('deploy')
  .description('package, install, approve and commit the current chaincode build (next sequence if changed)')
  .action(async () => {
    const result = await deployChaincode(loadTopology());
    step(`chaincode sequence ${result.sequence}, package ${result.packageId}`);
    await deployPartnerChannels(loadTopology());
  });

program
  .command('demo')
  .description('run the whole Article 6.2 workflow through the REST API, printing each transaction and block')
  .action(async () => {
    await runDemo();
  });

program
  .command('reconcile')
  .description('compare a site read model (SQLite) with the chaincode state; print every difference, exit 1 if any')
  .option('--org <key>', 'whose site', 'government')
  .option('--transfers', 'list the international transfers stuck in a step instead (docs/international.md)')
  .action(async (options: { org: string; transfers?: boolean }) => {
    if (options.transfers === true) {
      process.exitCode = (await stuckTransfers()) > 0 ? 1 : 0;
      return;
    }
    step(`Reconciling the read model of ${options.org} with the ledger`);
    process.exitCode = reconcileReadModel(orgByKey(loadTopology(), options.org));
  });

program
  .command('bench')
  .description('measure throughput and latency (raw, chaincode, REST), issuance, queries and AEF; writes .ncr/bench/')
  .option('--duration <s>', 'seconds per phase and concurrency level', '10')
  .option('--concurrency <list>', 'closed-loop clients per level, comma-separated', '1,16,64')
  .option('--phases <list>', `phases to run, comma-separated (${PHASES.join(',')})`, PHASES.join(','))
  .option('--max-requests <n>', 'hard cap of requests per level', '20000')
  .option('--issuances <n>', 'issuances on one project in the issuance phase', '20')
  .option('--blocks <n>', 'blocks held by the account of the queries phase', '200')
  .option('--aef-actions <n>', 'transfers to record before timing the AEF', '0')
  .option('--aef-synthetic <n>', 'also time the AEF over a read-model copy with this many synthetic actions', '0')
  .action(async (options: Record<string, string>) => {
    const { files, markdown } = await runBench(
      {
        durationS: parsePositive('--duration', options.duration ?? '10'),
        concurrency: parseConcurrency(options.concurrency ?? '1,16,64'),
        phases: parsePhases(options.phases ?? PHASES.join(',')),
        maxRequests: parsePositive('--max-requests', options.maxRequests ?? '20000'),
        issuances: parsePositive('--issuances', options.issuances ?? '20', 2),
        blocks: parsePositive('--blocks', options.blocks ?? '200'),
        aefActions: parsePositive('--aef-actions', options.aefActions ?? '0', 0),
        aefSynthetic: parsePositive('--aef-synthetic', options.aefSynthetic ?? '0', 0),
      },
      `npm run bench -- ${process.argv.slice(3).join(' ')}`.trim(),
    );
    process.stdout.write(markdown);
    process.stderr.write(`\nresult: ${files.json}\ntable:  ${files.markdown}\nchart:  ${files.svg}\n`);
  });
program
  .command('chaos')
  .description(
    'kill -9 orderers, peers, the gateway… in turn while clients write; check the ledger; writes .ncr/chaos/',
  )
  .option(
    '--clients <n>',
    'clients transferring and retiring, each with its own key and block',
    String(DEFAULT_OPTIONS.clients),
  )
  .option(
    '--hold <s>',
    'seconds each fault is held before the start command brings it back',
    String(DEFAULT_OPTIONS.holdS),
  )
  .option('--faults <list>', `faults in order, comma-separated (${FAULTS.join(',')})`, DEFAULT_FAULTS.join(','))
  .option('--settle <s>', 'seconds of load before the first fault and after the last', String(DEFAULT_OPTIONS.settleS))
  .option(
    '--give-up <s>',
    'seconds a request is retried (same Idempotency-Key) before it is reported unresolved',
    '240',
  )
  .option('--no-issuer', 'no client issuing credits (monitoring report, verification, issuance) during the run')
  .action(async (options: Record<string, string | boolean>) => {
    const text = (name: string, fallback: string): string => {
      const value = options[name];
      return typeof value === 'string' ? value : fallback;
    };
    const { result, markdown, files } = await runChaos(
      {
        clients: parsePositive('--clients', text('clients', '8')),
        holdS: parsePositive('--hold', text('hold', '15')),
        faults: parseFaults(text('faults', DEFAULT_FAULTS.join(','))),
        settleS: parsePositive('--settle', text('settle', '5'), 0),
        issuer: options.issuer !== false,
        giveUpS: parsePositive('--give-up', text('giveUp', '240')),
      },
      `npm run chaos -- ${process.argv.slice(3).join(' ')}`.trim(),
    );
    process.stdout.write(markdown);
    process.stderr.write(`\nresult: ${files.json}\nsummary: ${files.markdown}\nstart command log: ${files.startLog}\n`);
    if (!result.passed) process.exitCode = 1;
  });

const integer =
  (name: string) =>
  (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new Error(`${name} must be an integer, not ${value}`);
    return Number(value);
  };

program
  .command('fuzz')
  .description('send generated requests (from the OpenAPI document) to every route as every demo user; check oracles')
  .option('--seed <n>', 'seed (default: from the clock, printed)', integer('--seed'))
  .option('--requests <n>', 'at most this many requests', integer('--requests'), 1000)
  .option('--duration <s>', 'stop starting batches after this many seconds', integer('--duration'))
  .option('--concurrency <n>', 'requests in flight', integer('--concurrency'), DEFAULT_PACING.concurrency)
  .option('--batch <n>', 'requests between two state snapshots', integer('--batch'), DEFAULT_PACING.batchSize)
  .option(
    '--replay <index>',
    'regenerate request <index> of --seed, send it alone and print the answer',
    integer('--replay'),
  )
  .option('--url <url>', "gateway URL for unknown keys (loopback only; default: the government's gateway)")
  .action(
    async (options: {
      seed?: number;
      requests: number;
      duration?: number;
      concurrency: number;
      batch: number;
      replay?: number;
      url?: string;
    }) => {
      const topology = loadTopology();
      const baseUrl = options.url ?? gatewayUrl(topology, orgByKey(topology, 'government'));
      const seed = options.seed ?? Date.now() % 2 ** 31;
      if (options.replay !== undefined) {
        const replayed = await replayRequest(baseUrl, seed, options.replay);
        process.stdout.write(`${JSON.stringify({ ...replayed, answer: describeAnswer(replayed.answer) }, null, 2)}\n`);
        process.exitCode = replayed.findings.length > 0 ? 1 : 0;
        return;
      }
      step(`Fuzzing ${baseUrl} with seed ${seed} (at most ${options.requests} requests)`);
      const client = new FuzzClient(baseUrl);
      const government = readersOf([...demoUsers().values()]).government.apiKey;
      const initial = await readAdminState(client, government);
      const { report, reportPath } = await runFuzz({
        baseUrl,
        seed,
        requests: options.requests,
        durationSeconds: options.duration,
        concurrency: options.concurrency,
        batchSize: options.batch,
        progress: (line) => {
          process.stderr.write(`  ${line}\n`);
        },
      });
      process.stdout.write(`${renderSummary(report, reportPath)}\n`);
      step('Putting back suspensions, freezes and settings that generated writes committed');
      for (const failed of await restoreAdminState(client, government, initial)) warn(`could not restore: ${failed}`);
      if (report.violations.length > 0) process.exitCode = 1;
    },
  );

function describeAnswer(answer: Awaited<ReturnType<typeof replayRequest>>['answer']): unknown {
  if ('failure' in answer) return answer;
  return { status: answer.status, contentType: answer.contentType, body: answer.body.toString('utf8').slice(0, 4000) };
}

registerOrgCommand(program);
registerBundleCommand(program);

registerJoinCommands(program);
registerPartnerCommand(program);
registerCrossCheckCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`\n✗ ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
