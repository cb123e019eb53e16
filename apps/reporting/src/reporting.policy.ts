import { readFileSync } from 'node:fs';
import {
  DEFAULT_REPORTING_POLICY,
  parseReportingPolicyJson,
  type ReportingPolicy,
} from '@yuqing/reporting-domain';

/** The deployment's policy file, or the default one; a bad file stops the service naming the field. */
export function loadReportingPolicy(file: string | undefined): ReportingPolicy {
  if (!file) return DEFAULT_REPORTING_POLICY;
  return parseReportingPolicyJson(readFileSync(file, 'utf8'), file);
}
