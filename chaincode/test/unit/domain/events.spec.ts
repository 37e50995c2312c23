import { expect } from 'chai';
import { Context } from 'fabric-contract-api';
import { ChaincodeStub } from 'fabric-shim';
import sinon from 'sinon';
import { emit } from '../../../src/contracts/common/tx';
import { EVENT_PAYLOAD_SCHEMAS, EVENTS, eventPayloadSchema, isEventName } from '../../../src/domain';

const by = { accountId: 'GOV-GHA', mspId: 'GovernmentMSP', enrollmentId: 'gov-officer' };

/** A transaction context whose stub records the events set on it. */
function recordingContext(): { ctx: Context; events: { name: string; payload: string }[] } {
  const events: { name: string; payload: string }[] = [];
  const stub = sinon.createStubInstance(ChaincodeStub);
  stub.setEvent.callsFake((name: string, payload: Uint8Array) => {
    events.push({ name, payload: Buffer.from(payload).toString('utf8') });
  });
  const ctx = new Context();
  ctx.stub = stub;
  return { ctx, events };
}

describe('event payload schemas', () => {
  it('has one schema per event name, and knows no other name', () => {
    expect(Object.keys(EVENT_PAYLOAD_SCHEMAS)).to.have.members(Object.values(EVENTS));
    expect(isEventName(EVENTS.CREDITS_RETIRED)).to.equal(true);
    expect(isEventName('CREDITS_BURNT')).to.equal(false);
    expect(isEventName('toString')).to.equal(false);
  });

  it('accepts an event exactly as the chaincode emits it and refuses a missing, extra or mistyped field', () => {
    const schema = eventPayloadSchema(EVENTS.BLOCK_FROZEN);
    const payload = {
      blockId: 'B-0A1B2C3D4E5F6A7B-0',
      ownerAccountId: 'DEV-ACME',
      quantity: 10,
      serialStart: 1,
      serialEnd: 10,
      reason: 'court order',
      by,
      txId: 'tx1',
    };
    expect(schema.parse(payload)).to.deep.equal(payload);
    const { reason: _reason, ...withoutReason } = payload;
    expect(schema.safeParse(withoutReason).success).to.equal(false);
    expect(schema.safeParse({ ...payload, projectId: 'GHA-P-0A1B2C3D4E' }).success).to.equal(false);
    expect(schema.safeParse({ ...payload, quantity: '10' }).success).to.equal(false);
  });

  it('emit writes the payload as canonical JSON under the event name', () => {
    const { ctx, events } = recordingContext();
    emit(ctx, EVENTS.PROJECT_REJECTED, { txId: 'tx1', projectId: 'GHA-P-0A1B2C3D4E', by });
    expect(events).to.deep.equal([
      {
        name: 'PROJECT_REJECTED',
        payload:
          '{"by":{"accountId":"GOV-GHA","enrollmentId":"gov-officer","mspId":"GovernmentMSP"},' +
          '"projectId":"GHA-P-0A1B2C3D4E","txId":"tx1"}',
      },
    ]);
  });

  it("emit refuses (at compile time and before setting anything) a payload that is not the event's own", () => {
    const { ctx, events } = recordingContext();
    const suspended = { accountId: 'DEV-ACME', reason: 'x', by, txId: 'tx1' };
    const wrong = (): void => {
      // @ts-expect-error the payload of ACCOUNT_SUSPENDED is not that of PROJECT_REJECTED
      emit(ctx, EVENTS.PROJECT_REJECTED, suspended);
    };
    expect(wrong).to.throw(TypeError, /^event PROJECT_REJECTED: payload does not match its schema/);
    expect(events).to.deep.equal([]);
  });
});
