export * from './case.policy';
export * from './case.decider';
export * from './case-entries';
export * from './case-as-of';
