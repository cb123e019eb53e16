import {
  ResponseClosed,
  ResponseOpened,
  DomainRuleError,
  NotFoundError,
  type NewEvent,
} from '@yuqing/contracts';
import {
  decideResponse,
  evolveResponse,
  initialResponseState,
  type ResponseCommand,
} from './response.decider';
import { DEFAULT_RESPONSE_POLICY, type ResponsePolicy } from './response.policy';

const ID = '0193a1b2-0000-7000-8000-000000000001';
const policy = DEFAULT_RESPONSE_POLICY;
const opened = ResponseOpened.create({ responseId: ID, title: '宜良县某路段塌陷' });
const closed = ResponseClosed.create({
  responseId: ID,
  reason: '已处置完毕。',
  ruleSetVersion: policy.version,
});

const open: ResponseCommand = { kind: 'open', responseId: ID, title: '宜良县某路段塌陷' };
const close = (reason: string, under: ResponsePolicy = policy): ResponseCommand => ({
  kind: 'close',
  responseId: ID,
  reason,
  policy: under,
});

/** Given the stream's history, when a command is decided: the events it decides, or the refusal it throws. */
function given(...history: readonly NewEvent[]) {
  const state = history.reduce(evolveResponse, initialResponseState());
  return {
    when: (command: ResponseCommand) => ({
      events: () => decideResponse(command, state),
      refusal: (): unknown => {
        try {
          decideResponse(command, state);
        } catch (error) {
          return error;
        }
        throw new Error('expected a refusal');
      },
    }),
  };
}

describe('opening a response', () => {
  it('opens a new one with its title', () => {
    expect(given().when(open).events()).toEqual([opened]);
  });

  it('refuses to open it twice', () => {
    const refusal = given(opened).when(open).refusal();
    expect(refusal).toBeInstanceOf(DomainRuleError);
    expect(refusal).toMatchObject({ rule: 'guidance.response-exists' });
  });
});

describe('closing a response', () => {
  it('closes an open one, citing the policy version', () => {
    expect(given(opened).when(close('已处置完毕。')).events()).toEqual([closed]);
  });

  it('refuses a reason shorter than the policy asks', () => {
    const strict = { ...policy, version: 'guidance-rules@strict', minimumCloseReasonLength: 20 };
    expect(given(opened).when(close('已处置完毕。', strict)).refusal()).toMatchObject({
      rule: 'guidance.close-reason-too-short',
    });
  });

  it('refuses to close it again, and answers not found for one never opened', () => {
    expect(given(opened, closed).when(close('再次关闭。')).refusal()).toMatchObject({
      rule: 'guidance.response-closed',
    });
    expect(given().when(close('已处置完毕。')).refusal()).toBeInstanceOf(NotFoundError);
  });
});
