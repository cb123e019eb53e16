// Guidance: pure decisions, no I/O; time, ids and policy come in as data.

// The policy as data: what the decisions follow, cited by version in the events.
export { DEFAULT_RESPONSE_POLICY } from './response.policy';
export type { ResponsePolicy } from './response.policy';

// One response: state, decider.
export { decideResponse, evolveResponse, initialResponseState, responseDecider } from './response.decider';
export type { ResponseCommand, ResponseState } from './response.decider';
