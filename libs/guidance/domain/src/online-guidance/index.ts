// Online guidance (网上舆论引导, 第二十二条): proposals, approvals and commentators' tasks.
export { DEFAULT_ONLINE_GUIDANCE_POLICY } from './online-guidance.policy';
export type { OnlineGuidancePolicy } from './online-guidance.policy';
export {
  decideOnlineGuidance,
  evolveOnlineGuidance,
  initialOnlineGuidanceState,
  onlineGuidanceDecider,
} from './online-guidance.decider';
export type {
  Commentator,
  GuidanceTask,
  GuidanceTaskStatus,
  OnlineGuidanceCommand,
  OnlineGuidanceState,
} from './online-guidance.decider';
