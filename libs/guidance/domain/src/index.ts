// Guidance: pure decisions, no I/O; time, ids and policy come in as data.

// One incident's response: the grade in force, the plan (三同步), wording versions (口径), releases and their
// approval by grade (第二十一条); the policy as data, cited by version in the events.
export * from './response';

// Official accounts and the releases nobody approved (UnapprovedReleaseDetected).
export * from './accounts';

// Written requests (书面报告) and online guidance (第二十二条), with the deadlines the watcher keeps.
export * from './requests';
export * from './online-guidance';
