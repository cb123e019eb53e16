/** Injection tokens of the reporting service. */
export const REPORTING_CONFIG = Symbol('REPORTING_CONFIG');
/** The policy in force (ReportingPolicy). */
export const REPORTING_POLICY = Symbol('REPORTING_POLICY');
