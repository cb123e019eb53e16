import {
  ResponseClosed,
  ResponseOpened,
  NotFoundError,
  refuse,
  type EventData,
  type NewEvent,
} from '@yuqing/contracts';
import type { ResponsePolicy } from './response.policy';

// One response: opened once, closed once with a reason the policy accepts. Refusals are domain rules
// (HTTP 422 with the rule's id); nothing here reads a clock or mints an id.

export interface ResponseState {
  readonly status: 'none' | 'open' | 'closed';
  readonly responseId?: string;
  readonly title?: string;
}

export type ResponseCommand =
  | { readonly kind: 'open'; readonly responseId: string; readonly title: string }
  | {
      readonly kind: 'close';
      readonly responseId: string;
      readonly reason: string;
      readonly policy: ResponsePolicy;
    };

export function initialResponseState(): ResponseState {
  return { status: 'none' };
}

/** Folds one event of the stream into the state (recorded events, or new ones in specs). */
export function evolveResponse(
  state: ResponseState,
  event: { readonly type: string; readonly data: unknown },
): ResponseState {
  switch (event.type) {
    case ResponseOpened.type: {
      const data = event.data as EventData<typeof ResponseOpened>;
      return { status: 'open', responseId: data.responseId, title: data.title };
    }
    case ResponseClosed.type:
      return { ...state, status: 'closed' };
    default:
      return state;
  }
}

export function decideResponse(command: ResponseCommand, state: ResponseState): NewEvent[] {
  switch (command.kind) {
    case 'open':
      if (state.status !== 'none')
        refuse('guidance.response-exists', `response ${command.responseId} exists already`);
      return [ResponseOpened.create({ responseId: command.responseId, title: command.title })];
    case 'close':
      if (state.status === 'none') throw new NotFoundError(`response ${command.responseId} not found`);
      if (state.status === 'closed')
        refuse('guidance.response-closed', `response ${command.responseId} is closed already`);
      if (command.reason.trim().length < command.policy.minimumCloseReasonLength)
        refuse(
          'guidance.close-reason-too-short',
          `a closing reason needs at least ${command.policy.minimumCloseReasonLength} characters (${command.policy.version})`,
        );
      return [
        ResponseClosed.create({
          responseId: command.responseId,
          reason: command.reason,
          ruleSetVersion: command.policy.version,
        }),
      ];
  }
}

/** The decider the command handlers run (load, decide, append). */
export const responseDecider = {
  initialState: initialResponseState,
  evolve: evolveResponse,
  decide: decideResponse,
};
