/** The duty policy in force (DutyPolicy from @yuqing/reporting-domain). */
export const DUTY_POLICY = Symbol('DUTY_POLICY');
