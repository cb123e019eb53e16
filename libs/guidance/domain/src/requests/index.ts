// Written requests (书面报告, 第十七、十八、十九、二十三、二十四、二十七条).
export { DEFAULT_WRITTEN_REQUEST_POLICY } from './written-request.policy';
export type { WrittenRequestKindPolicy, WrittenRequestPolicy } from './written-request.policy';
export { WRITTEN_REQUEST_TITLES } from './written-request.kinds';
export type { WrittenRequestKind } from './written-request.kinds';
export { beijingTime, escapeMarkdown, renderWrittenRequest } from './written-request.document';
export type { WrittenRequestDocumentInput } from './written-request.document';
export {
  decideWrittenRequest,
  evolveWrittenRequest,
  initialWrittenRequestState,
  writtenRequestDecider,
} from './written-request.decider';
export type {
  Answerer,
  WrittenRequestCommand,
  WrittenRequestState,
  WrittenRequestStatus,
} from './written-request.decider';
export { covers } from './scope';
