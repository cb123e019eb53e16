import {
  GuidanceTaskAcknowledged,
  GuidanceTaskAssigned,
  GuidanceTaskOverdue,
  GuidanceTaskReported,
  NotFoundError,
  NotPermittedError,
  OnlineGuidanceApproved,
  OnlineGuidanceProposed,
  OnlineGuidanceRefused,
  optional,
  refuse,
  type EventData,
  type GradeLevel,
  type NewEvent,
} from '@yuqing/contracts';
import { covers } from '../requests/scope';
import type { OnlineGuidancePolicy } from './online-guidance.policy';

// Online guidance (第二十二条): a unit proposes guidance wording (引导口径) to the city bureau; the city internet
// office approves it and tasks online commentators (网评员), or for a 一级 incident deploys the city's; each task is
// acknowledged and reported back by its commentator alone, by its due time, else the watcher records it overdue.

const MINUTE = 60_000;

export type GuidanceTaskStatus = 'assigned' | 'acknowledged' | 'reported';

export interface GuidanceTask {
  readonly taskId: string;
  readonly commentatorId: string;
  readonly commentatorUnit: string;
  readonly dueAt: string;
  readonly status: GuidanceTaskStatus;
  readonly overdue: boolean;
}

export interface OnlineGuidanceState {
  readonly status: 'none' | 'proposed' | 'approved' | 'refused';
  readonly proposalId?: string;
  /** The proposing unit (the events' org unit), when read from recorded events. */
  readonly orgUnit?: string;
  readonly approverUnit?: string;
  readonly incidentLevel?: GradeLevel;
  readonly ruleSetVersion?: string;
  readonly tasks: readonly GuidanceTask[];
}

export interface Commentator {
  readonly userId: string;
  readonly orgUnit: string;
  /** Minted by the handler, one per commentator. */
  readonly taskId: string;
}

export type OnlineGuidanceCommand =
  | {
      readonly kind: 'propose';
      readonly proposalId: string;
      readonly orgUnit: string;
      readonly incidentId?: string;
      readonly incidentLevel?: GradeLevel;
      readonly approverUnit: string;
      readonly wording: string;
      readonly platforms: readonly string[];
    }
  | {
      readonly kind: 'decide';
      readonly decision: 'approve' | 'refuse';
      readonly reason?: string;
      readonly deployment: 'unit' | 'city-wide';
      readonly commentators: readonly Commentator[];
      readonly instructions?: string;
      /** The units where the approver holds guidance.direct-commentators. */
      readonly byScope: readonly string[];
      readonly now: string;
      readonly policy: OnlineGuidancePolicy;
    }
  | { readonly kind: 'acknowledge'; readonly taskId: string; readonly by: string }
  | {
      readonly kind: 'report';
      readonly taskId: string;
      readonly by: string;
      readonly posts: readonly { readonly url: string; readonly platform?: string }[];
      readonly summary: string;
      readonly now: string;
    }
  | { readonly kind: 'fire-due'; readonly now: string };

export function initialOnlineGuidanceState(): OnlineGuidanceState {
  return { status: 'none', tasks: [] };
}

function withTask(
  state: OnlineGuidanceState,
  taskId: string,
  change: (task: GuidanceTask) => GuidanceTask,
): OnlineGuidanceState {
  return { ...state, tasks: state.tasks.map((t) => (t.taskId === taskId ? change(t) : t)) };
}

export function evolveOnlineGuidance(
  state: OnlineGuidanceState,
  event: { readonly type: string; readonly data: unknown; readonly metadata?: { readonly orgUnit?: string } },
): OnlineGuidanceState {
  switch (event.type) {
    case OnlineGuidanceProposed.type: {
      const e = event.data as EventData<typeof OnlineGuidanceProposed>;
      return {
        ...state,
        status: 'proposed',
        proposalId: e.proposalId,
        ...optional('orgUnit', event.metadata?.orgUnit),
        approverUnit: e.approverUnit,
        ...optional('incidentLevel', e.incidentLevel),
      };
    }
    case OnlineGuidanceApproved.type: {
      const e = event.data as EventData<typeof OnlineGuidanceApproved>;
      return { ...state, status: 'approved', ruleSetVersion: e.ruleSetVersion };
    }
    case OnlineGuidanceRefused.type:
      return { ...state, status: 'refused' };
    case GuidanceTaskAssigned.type: {
      const e = event.data as EventData<typeof GuidanceTaskAssigned>;
      const task: GuidanceTask = {
        taskId: e.taskId,
        commentatorId: e.commentatorId,
        commentatorUnit: e.commentatorUnit,
        dueAt: e.dueAt,
        status: 'assigned',
        overdue: false,
      };
      return { ...state, tasks: [...state.tasks, task] };
    }
    case GuidanceTaskAcknowledged.type: {
      const e = event.data as EventData<typeof GuidanceTaskAcknowledged>;
      return withTask(state, e.taskId, (t) => ({ ...t, status: 'acknowledged' }));
    }
    case GuidanceTaskReported.type: {
      const e = event.data as EventData<typeof GuidanceTaskReported>;
      return withTask(state, e.taskId, (t) => ({ ...t, status: 'reported' }));
    }
    case GuidanceTaskOverdue.type: {
      const e = event.data as EventData<typeof GuidanceTaskOverdue>;
      return withTask(state, e.taskId, (t) => ({ ...t, overdue: true }));
    }
    default:
      return state;
  }
}

export function decideOnlineGuidance(command: OnlineGuidanceCommand, state: OnlineGuidanceState): NewEvent[] {
  if (command.kind === 'propose') {
    if (state.status !== 'none')
      refuse('guidance.online-guidance-exists', `online guidance ${command.proposalId} exists already`);
    if (covers([command.orgUnit], command.approverUnit))
      refuse(
        'guidance.online-guidance-addressed-to-self',
        'guidance wording is proposed to the city bureau, not to the proposing unit',
        'approverUnit',
      );
    return [
      OnlineGuidanceProposed.create({
        proposalId: command.proposalId,
        ...optional('incidentId', command.incidentId),
        ...optional('incidentLevel', command.incidentLevel),
        approverUnit: command.approverUnit,
        wording: command.wording,
        platforms: [...command.platforms],
      }),
    ];
  }
  if (state.status === 'none' || state.proposalId === undefined)
    throw new NotFoundError('online guidance not found');
  const proposalId = state.proposalId;
  switch (command.kind) {
    case 'decide':
      return decide(command, state, proposalId);
    case 'acknowledge': {
      const task = assignedTo(state, command.taskId, command.by);
      // Acknowledging twice changes nothing: the first acknowledgement stands.
      if (task.status === 'acknowledged') return [];
      return [
        GuidanceTaskAcknowledged.create({ proposalId, taskId: task.taskId, commentatorId: command.by }),
      ];
    }
    case 'report': {
      const task = assignedTo(state, command.taskId, command.by);
      if (command.posts.length === 0)
        refuse('guidance.report-needs-posts', 'a report back says what was posted, where', 'posts');
      const ids = { proposalId, taskId: task.taskId, commentatorId: command.by };
      return [
        // Reporting back without acknowledging first acknowledges it: the task was evidently received.
        ...(task.status === 'assigned' ? [GuidanceTaskAcknowledged.create(ids)] : []),
        GuidanceTaskReported.create({
          ...ids,
          posts: command.posts.map((p) => ({ url: p.url, ...optional('platform', p.platform) })),
          summary: command.summary,
          late: Date.parse(command.now) > Date.parse(task.dueAt),
        }),
      ];
    }
    case 'fire-due': {
      const now = Date.parse(command.now);
      return state.tasks
        .filter((t) => t.status !== 'reported' && !t.overdue && Date.parse(t.dueAt) <= now)
        .map((t) =>
          GuidanceTaskOverdue.create({
            proposalId,
            taskId: t.taskId,
            commentatorId: t.commentatorId,
            dueAt: t.dueAt,
            ruleSetVersion: state.ruleSetVersion ?? 'unknown',
          }),
        );
    }
  }
}

function decide(
  command: Extract<OnlineGuidanceCommand, { kind: 'decide' }>,
  state: OnlineGuidanceState,
  proposalId: string,
): NewEvent[] {
  if (state.status !== 'proposed')
    refuse('guidance.online-guidance-decided', `online guidance ${proposalId} was decided already`);
  const approverUnit = state.approverUnit ?? '';
  if (!covers(command.byScope, approverUnit))
    throw new NotPermittedError(
      'guidance.online-guidance-addressed-elsewhere',
      `online guidance ${proposalId} is proposed to ${approverUnit}; only that office decides it`,
    );
  if (command.decision === 'refuse') {
    const reason = command.reason?.trim() ?? '';
    if (reason.length === 0) refuse('guidance.refusal-needs-reason', 'a refusal must say why', 'reason');
    return [OnlineGuidanceRefused.create({ proposalId, approverUnit, reason })];
  }
  const { policy } = command;
  if (
    command.deployment === 'city-wide' &&
    (state.incidentLevel === undefined || !policy.cityWideAt.includes(state.incidentLevel))
  )
    refuse(
      'guidance.city-wide-needs-level-1',
      `the city's commentators are deployed city-wide only for a ${policy.cityWideAt.join('/')} incident (第二十二条)`,
      'deployment',
    );
  if (command.commentators.length === 0)
    refuse('guidance.guidance-needs-commentators', 'name the commentators to task', 'commentators');
  const seen = new Set<string>();
  for (const c of command.commentators) {
    if (seen.has(c.userId))
      refuse('guidance.commentator-listed-twice', `commentator ${c.userId} is listed twice`, 'commentators');
    seen.add(c.userId);
  }
  const minutes = policy.reportWithinMinutes[state.incidentLevel ?? 'default'];
  const dueAt = new Date(Date.parse(command.now) + minutes * MINUTE).toISOString();
  return [
    OnlineGuidanceApproved.create({
      proposalId,
      approverUnit,
      deployment: command.deployment,
      ...optional('instructions', command.instructions),
      ruleSetVersion: policy.version,
    }),
    ...command.commentators.map((c) =>
      GuidanceTaskAssigned.create({
        proposalId,
        taskId: c.taskId,
        commentatorId: c.userId,
        commentatorUnit: c.orgUnit,
        dueAt,
      }),
    ),
  ];
}

/** The task, if still open and `by` is the commentator it was assigned to (403 for anyone else). */
function assignedTo(state: OnlineGuidanceState, taskId: string, by: string): GuidanceTask {
  const task = state.tasks.find((t) => t.taskId === taskId);
  if (!task) throw new NotFoundError(`guidance task ${taskId} not found`);
  // A closed task is closed for everyone (422) before whose it is matters.
  if (task.status === 'reported')
    refuse('guidance.task-reported', `guidance task ${taskId} was reported back already`);
  if (task.commentatorId !== by)
    throw new NotPermittedError(
      'guidance.not-your-task',
      `guidance task ${taskId} is assigned to another commentator; only they report it`,
    );
  return task;
}

/** The decider the handlers and the deadline watcher run. */
export const onlineGuidanceDecider = {
  initialState: initialOnlineGuidanceState,
  evolve: evolveOnlineGuidance,
  decide: decideOnlineGuidance,
};
