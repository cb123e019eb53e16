import {
  FollowUpTaskCompleted,
  FollowUpTaskOpened,
  FollowUpTaskOverdue,
  NotFoundError,
  optional,
  refuse,
  type EventData,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import type { ReportingPolicy } from '../policy/reporting-policy';

// 督办 (第十七条; 全程跟踪督办): the follow-up tasks a leader's 批示 opens (BulletinSignedOff, in the incident's stream)
// are owned by a unit, due by the instruction's date or the policy's default, completed with a result and evidence,
// and go overdue when the due time passes uncompleted. This decider folds only the tasks of the incident's stream
// (`reporting-incident-<id>`) and decides on them; the obligations there are the reporting decider's.

const MINUTE = 60_000;
const CLOCK_SKEW_MS = 5 * MINUTE;

export interface TrackedTask {
  readonly taskId: string;
  readonly description: string;
  readonly assigneeOrgUnitId: string;
  readonly supervisorOrgUnitId: string;
  readonly dueAt?: string;
  readonly openedAt: string;
  readonly status: 'open' | 'completed';
  readonly overdue: boolean;
  readonly completedAt?: string;
  readonly onTime?: boolean;
  readonly openedEventId: string;
}

export interface FollowUpState {
  readonly incidentId?: string;
  readonly tasks: readonly TrackedTask[];
}

export const initialFollowUpState = (): FollowUpState => ({ tasks: [] });

export function evolveFollowUps(state: FollowUpState, event: RecordedEvent): FollowUpState {
  switch (event.type) {
    case FollowUpTaskOpened.type: {
      const e = event.data as EventData<typeof FollowUpTaskOpened>;
      const task: TrackedTask = {
        taskId: e.taskId,
        description: e.description,
        assigneeOrgUnitId: e.assigneeOrgUnitId,
        supervisorOrgUnitId: e.supervisorOrgUnitId,
        ...optional('dueAt', e.dueAt),
        openedAt: event.recordedAt.toISOString(),
        status: 'open',
        overdue: false,
        openedEventId: event.eventId,
      };
      return { incidentId: e.incidentId, tasks: [...state.tasks, task] };
    }
    case FollowUpTaskCompleted.type: {
      const e = event.data as EventData<typeof FollowUpTaskCompleted>;
      return update(state, e.taskId, (t) => ({
        ...t,
        status: 'completed',
        completedAt: e.completedAt,
        onTime: e.onTime,
      }));
    }
    case FollowUpTaskOverdue.type: {
      const e = event.data as EventData<typeof FollowUpTaskOverdue>;
      return update(state, e.taskId, (t) => ({ ...t, overdue: true }));
    }
    default:
      return state;
  }
}

function update(
  state: FollowUpState,
  taskId: string,
  change: (t: TrackedTask) => TrackedTask,
): FollowUpState {
  return { ...state, tasks: state.tasks.map((t) => (t.taskId === taskId ? change(t) : t)) };
}

export type FollowUpCommand =
  | {
      /** 办结: the assignee reports the task done, with what was done and the evidence. */
      readonly kind: 'complete';
      readonly taskId: string;
      readonly result: string;
      readonly evidence: readonly { readonly description: string; readonly url?: string }[];
      readonly completedAt: string;
      readonly now: string;
    }
  | {
      /** The watcher: tasks whose due time has passed uncompleted. */
      readonly kind: 'fire-due';
      readonly now: string;
      readonly policy: ReportingPolicy;
    };

const ms = (iso: string) => Date.parse(iso);
const iso = (time: number) => new Date(time).toISOString();

export function decideFollowUps(command: FollowUpCommand, state: FollowUpState): NewEvent[] {
  switch (command.kind) {
    case 'complete':
      return complete(command, state);
    case 'fire-due':
      return fireDue(command, state);
  }
}

function complete(command: Extract<FollowUpCommand, { kind: 'complete' }>, state: FollowUpState): NewEvent[] {
  const task = state.tasks.find((t) => t.taskId === command.taskId);
  if (!task) throw new NotFoundError(`follow-up task ${command.taskId} not found`);
  if (task.status === 'completed') {
    refuse('reporting.task-already-completed', `task ${task.taskId} was completed at ${task.completedAt}`);
  }
  if (command.result.trim() === '')
    refuse('reporting.task-result-required', 'say what was done (办理结果)', 'result');
  if (command.evidence.length === 0)
    refuse('reporting.task-evidence-required', 'give at least one piece of evidence (佐证材料)', 'evidence');
  if (ms(command.completedAt) > ms(command.now) + CLOCK_SKEW_MS)
    refuse('reporting.time-in-future', 'completedAt is later than now', 'completedAt');
  const completedAt = iso(ms(command.completedAt));
  return [
    FollowUpTaskCompleted.create({
      taskId: task.taskId,
      incidentId: state.incidentId!,
      assigneeOrgUnitId: task.assigneeOrgUnitId,
      supervisorOrgUnitId: task.supervisorOrgUnitId,
      result: command.result,
      evidence: command.evidence.map((e) => ({ description: e.description, ...optional('url', e.url) })),
      completedAt,
      ...optional('dueAt', task.dueAt),
      onTime: task.dueAt === undefined || ms(completedAt) <= ms(task.dueAt),
    }),
  ];
}

/** The tasks overdue at `now` and not yet recorded so, oldest due first. */
export function overdueTasks(state: FollowUpState, now: Date): TrackedTask[] {
  return state.tasks
    .filter((t) => t.status === 'open' && !t.overdue && t.dueAt !== undefined && ms(t.dueAt) <= now.getTime())
    .sort((a, b) => ms(a.dueAt!) - ms(b.dueAt!));
}

/** When the watcher must wake a task (undefined: completed, already overdue, or no due time). */
export function taskNextWakeAt(task: Pick<TrackedTask, 'status' | 'overdue' | 'dueAt'>): string | undefined {
  return task.status === 'open' && !task.overdue ? task.dueAt : undefined;
}

function fireDue(command: Extract<FollowUpCommand, { kind: 'fire-due' }>, state: FollowUpState): NewEvent[] {
  const version = command.policy.version;
  return overdueTasks(state, new Date(command.now)).map((task) => ({
    ...FollowUpTaskOverdue.create({
      taskId: task.taskId,
      incidentId: state.incidentId!,
      assigneeOrgUnitId: task.assigneeOrgUnitId,
      supervisorOrgUnitId: task.supervisorOrgUnitId,
      dueAt: task.dueAt!,
      ruleSetVersion: version,
    }),
    metadata: { causationId: task.openedEventId, ruleVersion: version },
  }));
}

/** The decider as the event store's command handling takes it (on the incident's reporting stream). */
export const followUpDecider = {
  initialState: initialFollowUpState,
  evolve: evolveFollowUps,
  decide: decideFollowUps,
};
