import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api';
import type { Block, BlockRow, PeerHash, Transaction } from '../types';
import { type BlockCheck, brokenLinks, checkBlock } from '../verify/block';
import { Hash, Loaded, Verdict, creatorText, describe, link, useLoad } from './common';
import { type Column, Table, columns } from './table';

const PAGE = 10;

/** Checks every block of the page: data hash, header hash against the gateway's, link to the block before. */
function usePageChecks(rows: readonly BlockRow[] | undefined): Map<number, string | true> | undefined {
  const [result, setResult] = useState<Map<number, string | true>>();
  useEffect(() => {
    if (rows === undefined) return;
    void Promise.all(rows.map((r) => checkBlock(r.raw))).then(
      (checks) => {
        const broken = new Set(brokenLinks(checks));
        setResult(new Map(rows.map((row, i) => [row.number, problemOf(row, checks[i], broken)])));
      },
      (err: unknown) => {
        setResult(new Map(rows.map((row) => [row.number, describe(err)])));
      },
    );
  }, [rows]);
  return result;
}

function problemOf(row: BlockRow, check: BlockCheck | undefined, broken: Set<bigint>): string | true {
  if (check === undefined) return 'not checked';
  if (!check.dataHashMatches) return 'data hash does not match the transactions';
  if (check.hash !== row.hash) return 'header hash differs from the one shown';
  if (broken.has(check.number)) return 'previous hash is not the header hash of the block before';
  return true;
}

/** The block list's columns; the last one shows each block's check once it is done. */
function blockColumns(checks: Map<number, string | true> | undefined): Column<BlockRow>[] {
  return columns<BlockRow>({
    Number: (b) => <a href={link(`/blocks/${b.number}`)}>{b.number}</a>,
    Time: (b) => b.time ?? '—',
    Transactions: (b) => b.txCount,
    Hash: (b) => <Hash value={b.hash} />,
    'Verified in this browser': (b) => {
      const check = checks?.get(b.number);
      return (
        <span data-testid={`verified-${b.number}`}>
          {check === undefined ? (
            'checking…'
          ) : (
            <Verdict ok={check === true} label={check === true ? 'hashes and chain' : check} />
          )}
        </span>
      );
    },
  });
}

const TRANSACTION_COLUMNS = columns<Transaction>({
  '#': (t) => t.index,
  ID: (t) => (
    <a href={link(`/transactions/${t.txId}`)}>
      <code>{t.txId.slice(0, 16)}…</code>
    </a>
  ),
  Type: (t) => t.type,
  Function: (t) => t.function ?? '—',
  Creator: (t) => creatorText(t.creator),
  Validation: (t) => t.validationCode,
});

export function BlockList(props: { channel: string; before?: number }) {
  const query = `channel=${props.channel}&limit=${PAGE}${props.before === undefined ? '' : `&before=${props.before}`}`;
  const state = useLoad(() => getJson<{ items: BlockRow[] }>(`/v1/explorer/blocks?${query}`), [query]);
  const checks = usePageChecks(state.value?.items);
  return (
    <section aria-labelledby="blocks-title">
      <h2 id="blocks-title">Blocks</h2>
      <Loaded state={state}>
        {({ items }) => (
          <>
            <Table columns={blockColumns(checks)} rows={items} rowKey={(b) => b.number} />
            <nav aria-label="Pages of blocks" class="pager">
              {items.length > 0 && (items[items.length - 1]?.number ?? 0) > 0 ? (
                <a href={link(`/blocks?before=${items[items.length - 1]?.number ?? 0}`)}>Older blocks</a>
              ) : null}
            </nav>
          </>
        )}
      </Loaded>
    </section>
  );
}

/** The block's own checks, its link to the block before, and the hash each organisation's peer holds. */
function useBlockVerification(channel: string, block: Block | undefined) {
  return useLoad(async () => {
    if (block === undefined) return null;
    const check = await checkBlock(block.raw);
    const previous =
      block.number === 0
        ? undefined
        : await getJson<Block>(`/v1/explorer/blocks/${block.number - 1}?channel=${channel}`);
    const previousHash = previous === undefined ? undefined : (await checkBlock(previous.raw)).hash;
    const peers = await getJson<{ items: PeerHash[] }>(`/v1/explorer/blocks/${block.number}/peers?channel=${channel}`);
    return { check, previousHash, peers: peers.items };
  }, [block]);
}

function Verification(props: { channel: string; block: Block }) {
  const state = useBlockVerification(props.channel, props.block);
  const { block } = props;
  return (
    <section aria-labelledby="verification-title" class="verification">
      <h3 id="verification-title">Verification (recomputed in this browser from the raw block)</h3>
      <Loaded state={state}>
        {(v) =>
          v === null ? null : (
            <ul data-testid="verification">
              <li>
                <Verdict
                  testId="data-hash-check"
                  ok={v.check.dataHashMatches}
                  label={`data hash over ${v.check.entries} entries: ${v.check.computedDataHash}`}
                />
              </li>
              <li>
                <Verdict
                  testId="header-hash-check"
                  ok={v.check.hash === block.hash && Number(v.check.number) === block.number}
                  label={`header hash ${v.check.hash}`}
                />
              </li>
              <li>
                {v.previousHash === undefined ? (
                  'Genesis block: no previous block.'
                ) : (
                  <Verdict
                    testId="chain-check"
                    ok={v.previousHash === v.check.previousHash}
                    label={`previous hash is block ${block.number - 1}'s header hash`}
                  />
                )}
              </li>
              {v.peers.map((p) => (
                <li key={p.mspId}>
                  <Verdict
                    testId={`peer-check-${p.mspId}`}
                    ok={p.hash === v.check.hash}
                    label={`${p.peer} (${p.mspId}) holds ${p.hash ?? p.error ?? '?'}`}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

export function BlockDetail(props: { channel: string; number: number }) {
  const state = useLoad(
    () => getJson<Block>(`/v1/explorer/blocks/${props.number}?channel=${props.channel}`),
    [props.number, props.channel],
  );
  return (
    <section aria-labelledby="block-title">
      <h2 id="block-title">Block {props.number}</h2>
      <Loaded state={state}>
        {(block) => (
          <>
            <dl class="fields">
              <dt>Hash</dt>
              <dd data-testid="block-hash">
                <Hash value={block.hash} />
              </dd>
              <dt>Previous hash</dt>
              <dd>
                <Hash value={block.previousHash} />
              </dd>
              <dt>Data hash</dt>
              <dd>
                <Hash value={block.dataHash} />
              </dd>
            </dl>
            <Verification channel={props.channel} block={block} />
            <Table
              caption="Transactions"
              columns={TRANSACTION_COLUMNS}
              rows={block.transactions}
              rowKey={(t) => t.txId}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}
