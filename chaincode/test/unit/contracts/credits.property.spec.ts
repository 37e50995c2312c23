import { expect } from 'chai';
import fc from 'fast-check';
import { ACCOUNTS, ID, World } from '../support/world';
import type { TestIdentity } from '../support/fake-ledger';
import type { CreditBlock, Project } from '../../../src/domain';

const HOLDERS: readonly { account: string; who: TestIdentity }[] = [
  { account: ACCOUNTS.devA, who: ID.devA },
  { account: ACCOUNTS.devB, who: ID.devB },
  { account: ACCOUNTS.gov, who: ID.govOfficer },
];

describe('credits through the contracts (property)', function () {
  this.timeout(120_000);

  it('random issue/transfer/retire/cancel/freeze sequences keep the ledger sound: audit finds nothing, balances add up', async () => {
    const step = fc.record({
      kind: fc.constantFrom('issue', 'transfer', 'retire', 'cancel', 'freeze'),
      pick: fc.nat(),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      to: fc.nat(2),
      quantity: fc.integer({ min: 1, max: 5000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const w = new World();
        await w.setup();
        const projects: Project[] = [await w.authorisedProject(ID.devA), await w.authorisedProject(ID.devB)];
        // Each project reports each vintage 2021–2024 at most once (overlapping periods are refused, rightly).
        const nextVintage = new Map<string, number>();
        let issued = 0;
        const blocks = new Map<string, CreditBlock>();
        const track = (b: CreditBlock | undefined): void => {
          if (b !== undefined) {
            blocks.set(b.id, b);
          }
        };
        for (const s of steps) {
          if (s.kind === 'issue' || blocks.size === 0) {
            let project = projects[s.pick % projects.length]!;
            const who = project.developerAccountId === ACCOUNTS.devA ? ID.devA : ID.devB;
            let vintage = nextVintage.get(project.id) ?? 2021;
            if (vintage > 2024) {
              project = await w.authorisedProject(who);
              projects.push(project);
              vintage = 2021;
            }
            nextVintage.set(project.id, vintage + 1);
            const report = await w.verifiedReport(project, vintage, s.quantity, who);
            track(await w.ok<CreditBlock>(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id }));
            issued += s.quantity;
            continue;
          }
          const all = [...blocks.values()];
          const block = all[s.pick % all.length]!;
          const holder = HOLDERS.find((h) => h.account === block.ownerAccountId)!;
          const quantity = Math.max(1, Math.round(block.quantity * s.fraction));
          const movable = block.status === 'HELD' && !block.frozen;
          let outcome;
          if (s.kind === 'transfer') {
            const receiver = HOLDERS.filter((h) => h.account !== block.ownerAccountId)[s.to % 2]!;
            outcome = await w.tx(holder.who, 'credits', 'Transfer', {
              blockId: block.id,
              quantity,
              toAccountId: receiver.account,
            });
          } else if (s.kind === 'retire') {
            outcome = await w.tx(holder.who, 'credits', 'Retire', {
              blockId: block.id,
              quantity,
              beneficiary: 'b',
              purpose: 'VOLUNTARY',
            });
          } else if (s.kind === 'cancel') {
            outcome = await w.tx(ID.govOfficer, 'credits', 'Cancel', { blockId: block.id, quantity, reason: 'r' });
          } else {
            const method = block.frozen ? 'Unfreeze' : 'Freeze';
            outcome = await w.tx(ID.govOfficer, 'credits', method, { blockId: block.id, reason: 'r' });
            expect(outcome.error === undefined).to.equal(block.status === 'HELD');
            if (outcome.error === undefined) {
              track(JSON.parse(outcome.result!) as CreditBlock);
            }
            continue;
          }
          // a move succeeds exactly when the block is HELD and not frozen; a refused move changes nothing
          expect(outcome.error === undefined, outcome.error?.message).to.equal(movable);
          if (outcome.error === undefined) {
            const result = JSON.parse(outcome.result!) as { moved: CreditBlock; kept?: CreditBlock };
            track(result.moved);
            track(result.kept);
            expect(outcome.events).to.have.length(1);
          }
        }
        const audit = await w.ok<{ violations: string[]; complete: boolean; totals: Record<string, number> }>(
          ID.govAdmin,
          'audit',
          'VerifyIntegrity',
          { pageSize: 100 },
        );
        expect(audit.violations).to.deep.equal([]);
        expect(audit.complete).to.equal(true);
        expect(audit.totals.issued).to.equal(issued);
        const heldByOwner = new Map<string, number>();
        for (const b of blocks.values()) {
          if (b.status === 'HELD') {
            heldByOwner.set(b.ownerAccountId, (heldByOwner.get(b.ownerAccountId) ?? 0) + b.quantity);
          }
        }
        for (const h of HOLDERS) {
          const balance = await w.ok<{ total: number }>(ID.govAdmin, 'accounts', 'GetBalance', {
            accountId: h.account,
          });
          expect(balance.total).to.equal(heldByOwner.get(h.account) ?? 0);
        }
      }),
      {
        numRuns: 25,
        // Seed -289070845 once failed here: the test gave a project a vintage it had already reported, which the
        // contract rightly refused (overlapping period). Its shrunk counterexample, five issuances to the first
        // project (the fifth is past 2024, so it goes to a new project), replays first on every run.
        examples: [[Array.from({ length: 5 }, () => ({ kind: 'issue', pick: 0, fraction: 0, to: 0, quantity: 1 }))]],
      },
    );
  });
});
