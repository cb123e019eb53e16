/** Injection tokens of the reporting service. */
export const REPORTING_CONFIG = Symbol('REPORTING_CONFIG');
/** The policy in force (ReportingPolicy). */
export const REPORTING_POLICY = Symbol('REPORTING_POLICY');
/**
 * The service's Clock: the system's, or one a test advances. A string token, so an end-to-end test (which may not
 * import the app) can reach the platform's reporting clock by name: `app.get('yuqing.reporting.clock')`.
 */
export const CLOCK = 'yuqing.reporting.clock';
