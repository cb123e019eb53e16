import { DomainRuleError, FollowUpTaskCompleted, type EventData, type NewEvent } from '@yuqing/contracts';
import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import { at, CITY, COUNTY, L2, ReportingHistory } from '../testing/reporting-history.fixtures';
import {
  decideFollowUps,
  evolveFollowUps,
  initialFollowUpState,
  taskNextWakeAt,
  type FollowUpCommand,
} from './follow-up.decider';

// given / when / then for 督办: the tasks a leader's 批示 opens are completed with a result and evidence, or go
// overdue; the incident's stream holds both the reporting decider's events and these.

const policy = DEFAULT_REPORTING_POLICY;
const HOUR = 60;

/** given: a 二级 incident whose bulletin the city signed off at T0+2h, with one task due by the instruction. */
function signedOff(taskDueAt?: string): ReportingHistory {
  const history = new ReportingHistory();
  history.graded(L2, 5);
  history.run({
    kind: 'submit-bulletin',
    bulletinId: 'bul-1',
    obligationId: history.obligation('bulletin'),
    title: '关于某小区停水的舆情',
    body: '一、基本情况。',
    recipientOrgUnitId: CITY,
    submittedAt: at(60),
    now: at(60),
    policy,
  });
  history.run({
    kind: 'sign-off',
    bulletinId: 'bul-1',
    signerOrgUnits: [CITY],
    instructions: '请宜良县抓紧恢复供水并回应网民。',
    signedOffAt: at(2 * HOUR),
    tasks: [{ description: '恢复供水并回应网民', ...(taskDueAt ? { dueAt: taskDueAt } : {}) }],
    now: at(2 * HOUR),
    policy,
    newId: history.newId,
  });
  return history;
}

function decide(history: ReportingHistory, command: FollowUpCommand): NewEvent[] {
  const state = history.events.reduce(evolveFollowUps, initialFollowUpState());
  const events = decideFollowUps(command, state);
  history.record(events);
  return events;
}

const followUps = (history: ReportingHistory) =>
  history.events.reduce(evolveFollowUps, initialFollowUpState());
const types = (events: readonly NewEvent[]) => events.map((e) => e.type.replace('reporting.', ''));
const complete = (taskId: string, minutes: number, evidence = [{ description: '恢复供水公告' }]) => ({
  kind: 'complete' as const,
  taskId,
  result: '已恢复供水，并在县政府网回应。',
  evidence,
  completedAt: at(minutes),
  now: at(minutes),
});

describe('督办: follow-up tasks opened by a sign-off (第十七条)', () => {
  it('owns each task by a unit and takes its due time from the instruction, else the policy’s 48 hours', () => {
    const byInstruction = followUps(signedOff(at(10 * HOUR))).tasks[0]!;
    expect(byInstruction).toMatchObject({ assigneeOrgUnitId: COUNTY, dueAt: at(10 * HOUR), status: 'open' });
    const byPolicy = followUps(signedOff()).tasks[0]!;
    expect(byPolicy.dueAt).toBe(at(2 * HOUR + 48 * HOUR));
    expect(taskNextWakeAt(byPolicy)).toBe(at(50 * HOUR));
  });

  it('closes a task completed with a result and evidence, on time, and never makes it overdue', () => {
    const history = signedOff(at(10 * HOUR));
    const taskId = followUps(history).tasks[0]!.taskId;
    const events = decide(history, complete(taskId, 8 * HOUR));
    expect(types(events)).toEqual(['FollowUpTaskCompleted']);
    expect(events[0]!.data as EventData<typeof FollowUpTaskCompleted>).toMatchObject({
      taskId,
      onTime: true,
      evidence: [{ description: '恢复供水公告' }],
    });
    expect(decide(history, { kind: 'fire-due', now: at(20 * HOUR), policy })).toEqual([]);
    expect(taskNextWakeAt(followUps(history).tasks[0]!)).toBeUndefined();
  });

  it('records a task not completed by its due time overdue once, and a later completion as late', () => {
    const history = signedOff(at(10 * HOUR));
    expect(decide(history, { kind: 'fire-due', now: at(9 * HOUR), policy })).toEqual([]);
    expect(types(decide(history, { kind: 'fire-due', now: at(10 * HOUR), policy }))).toEqual([
      'FollowUpTaskOverdue',
    ]);
    expect(decide(history, { kind: 'fire-due', now: at(11 * HOUR), policy })).toEqual([]);
    const taskId = followUps(history).tasks[0]!.taskId;
    const late = decide(history, complete(taskId, 12 * HOUR));
    expect((late[0]!.data as EventData<typeof FollowUpTaskCompleted>).onTime).toBe(false);
  });

  it('refuses a completion without a result’s evidence, and a second completion', () => {
    const history = signedOff(at(10 * HOUR));
    const taskId = followUps(history).tasks[0]!.taskId;
    const ruleOf = (command: FollowUpCommand) => {
      try {
        decide(history, command);
      } catch (error) {
        if (error instanceof DomainRuleError) return [error.rule, error.field];
        throw error;
      }
      return ['accepted'];
    };
    expect(ruleOf(complete(taskId, 3 * HOUR, []))).toEqual(['reporting.task-evidence-required', 'evidence']);
    expect(ruleOf(complete(taskId, 3 * HOUR))).toEqual(['accepted']);
    expect(ruleOf(complete(taskId, 4 * HOUR))[0]).toBe('reporting.task-already-completed');
  });
});
