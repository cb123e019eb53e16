export const GRADING_CONFIG = Symbol('GRADING_CONFIG');
/** The rule set in force (GRADING_RULES_FILE's, or the default of 第三条). */
export const RULE_SET = Symbol('RULE_SET');
