import { readFileSync } from 'node:fs';
import {
  DEFAULT_GUIDANCE_POLICY,
  parseGuidancePolicyJson,
  type GuidancePolicy,
} from '@yuqing/guidance-domain';

/** The response policy in force (first-response deadlines, drafters, channels), injected where decisions need it. */
export const GUIDANCE_POLICY = Symbol('GUIDANCE_POLICY');

/** The deployment's policy file (GUIDANCE_RESPONSE_POLICY_FILE), or the default; a bad file stops the service. */
export function loadGuidancePolicy(file: string | undefined): GuidancePolicy {
  if (!file) return DEFAULT_GUIDANCE_POLICY;
  return parseGuidancePolicyJson(readFileSync(file, 'utf8'), file);
}
