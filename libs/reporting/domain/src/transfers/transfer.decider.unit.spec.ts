import {
  DomainRuleError,
  NotFoundError,
  TransferAnswered,
  TransferResponseOwed,
  type EventData,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import { at, CITY, COUNTY } from '../testing/reporting-history.fixtures';
import {
  decideTransfer,
  evolveTransfer,
  initialTransferState,
  transferNextWakeAt,
  type TransferCommand,
  type TransferState,
} from './transfer.decider';

// given / when / then for 转办回告: a transferred item's answer back to the office that transferred it.

const HOUR = 60;
const OFFICE = `${CITY}.wxb`;

class TransferHistory {
  readonly events: RecordedEvent[] = [];

  state(): TransferState {
    return this.events.reduce(evolveTransfer, initialTransferState());
  }

  run(command: TransferCommand): NewEvent[] {
    const events = decideTransfer(command, this.state());
    events.forEach((event, i) =>
      this.events.push({
        eventId: `t-e${this.events.length + i + 1}`,
        type: event.type,
        schemaVersion: 1,
        streamId: 'reporting-transfer-item-1',
        streamPosition: this.events.length + i + 1,
        globalPosition: String(this.events.length + i + 1),
        transactionId: '1',
        data: event.data,
        metadata: { orgUnit: COUNTY, actor: { kind: 'service', id: 'test' }, correlationId: 'item-1' },
        recordedAt: new Date(at(0)),
      }),
    );
    return events;
  }

  /** given: the city's internet office transferred item-1 at T0, to be answered within 48 hours. */
  transferred(): this {
    this.run({
      kind: 'receive',
      transferId: 'item-1',
      fromOrgUnitId: OFFICE,
      receivingOrgUnitId: COUNTY,
      transferReference: 'KMWX-2026-17',
      title: '网民反映某小区停水三天',
      transferredAt: at(0),
      respondBy: at(48 * HOUR),
      policy: DEFAULT_REPORTING_POLICY,
    });
    return this;
  }

  answer(minutes: number, now = minutes): NewEvent[] {
    return this.run({
      kind: 'answer',
      answer: '已协调恢复供水并在论坛回复。',
      resolution: 'resolved',
      answeredAt: at(minutes),
      now: at(now),
    });
  }

  tick(minutes: number): NewEvent[] {
    return this.run({ kind: 'fire-due', now: at(minutes) });
  }
}

const types = (events: readonly NewEvent[]) => events.map((e) => e.type.replace('reporting.', ''));

describe('转办: a transferred item owes an answer back (回告) by the time the transfer set', () => {
  it('opens the duty for the receiving unit with the transfer’s own time limit and the policy’s reminders', () => {
    const history = new TransferHistory();
    const events = history.transferred().events;
    expect(types(events)).toEqual(['TransferResponseOwed']);
    expect(events[0]!.data as EventData<typeof TransferResponseOwed>).toMatchObject({
      fromOrgUnitId: OFFICE,
      receivingOrgUnitId: COUNTY,
      dueAt: at(48 * HOUR),
      reminderLeadMinutes: [4 * HOUR],
      ruleSetVersion: DEFAULT_REPORTING_POLICY.version,
    });
    expect(transferNextWakeAt(history.state())).toBe(at(44 * HOUR));
  });

  it('opens nothing twice when the same transfer is delivered again', () => {
    const history = new TransferHistory().transferred();
    const again = decideTransfer(
      {
        kind: 'receive',
        transferId: 'item-1',
        fromOrgUnitId: OFFICE,
        receivingOrgUnitId: COUNTY,
        transferReference: 'x',
        title: 'x',
        transferredAt: at(0),
        respondBy: at(60),
        policy: DEFAULT_REPORTING_POLICY,
      },
      history.state(),
    );
    expect(again).toEqual([]);
  });

  it('reminds four hours before the limit, then records the answer overdue when the limit passes', () => {
    const history = new TransferHistory().transferred();
    expect(history.tick(10 * HOUR)).toEqual([]);
    expect(types(history.tick(45 * HOUR))).toEqual(['TransferReminderDue']);
    expect(history.tick(46 * HOUR)).toEqual([]);
    expect(types(history.tick(48 * HOUR + 1))).toEqual(['TransferResponseOverdue']);
    expect(history.tick(50 * HOUR)).toEqual([]);
    expect(transferNextWakeAt(history.state())).toBeUndefined();
  });

  it('records an answer within the limit as on time, and the clock stops', () => {
    const history = new TransferHistory().transferred();
    const events = history.answer(30 * HOUR);
    expect(types(events)).toEqual(['TransferAnswered']);
    expect(events[0]!.data as EventData<typeof TransferAnswered>).toMatchObject({
      fromOrgUnitId: OFFICE,
      onTime: true,
      dueAt: at(48 * HOUR),
    });
    expect(history.tick(49 * HOUR)).toEqual([]);
  });

  it('records an answer after the limit as late (超期回告), the overdue staying recorded', () => {
    const history = new TransferHistory().transferred();
    history.tick(49 * HOUR);
    const events = history.answer(50 * HOUR);
    expect((events[0]!.data as EventData<typeof TransferAnswered>).onTime).toBe(false);
    expect(history.state()).toMatchObject({ status: 'answered', overdue: true, onTime: false });
  });

  it('refuses a second answer, an answer dated in the future, and an answer to no transfer', () => {
    const history = new TransferHistory().transferred();
    const rule = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        if (error instanceof DomainRuleError) return error.rule;
        if (error instanceof NotFoundError) return 'not-found';
        throw error;
      }
      return 'accepted';
    };
    expect(rule(() => history.answer(60, 30))).toBe('reporting.time-in-future');
    history.answer(60);
    expect(rule(() => history.answer(70))).toBe('reporting.transfer-already-answered');
    expect(rule(() => new TransferHistory().answer(10))).toBe('not-found');
  });
});
