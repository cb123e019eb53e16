// One incident's response (三同步, 口径, 发布审批): the policy as data, the state and decider.
export {
  DEFAULT_GUIDANCE_POLICY,
  durationMs,
  GuidancePolicyError,
  parseGuidancePolicyJson,
} from './response.policy';
export type { GuidancePolicy } from './response.policy';
export {
  decideResponse,
  evolveResponse,
  initialResponseState,
  recordedRefusal,
  requiredApprovers,
  responseDecider,
} from './response.decider';
export type { Approver, Drafter, ResponseCommand, ResponseState } from './response.decider';
