import { DeliveryError } from '../delivery';
import { classifyHttpStatus, guardedPost, type GuardedPostOptions } from '../http/guarded-post';
import { parseJsonObject } from '../provider-id';

// What DingTalk and WeCom group robots share: a JSON POST answered with HTTP 200 and `{"errcode":…}`.

export interface RobotErrcodeRules {
  /** Prefix of the stable error codes, e.g. `dingtalk` → `dingtalk-310000`. */
  readonly prefix: string;
  /** Errcodes worth retrying: busy, rate-limited. Every other non-zero errcode is permanent. */
  readonly transient: ReadonlyMap<number, { readonly reason: string; readonly retryAfterMs?: number }>;
  /** Known permanent errcodes with a reason for the operator. */
  readonly permanent: ReadonlyMap<number, string>;
}

export async function postToRobot(
  url: string,
  message: unknown,
  options: GuardedPostOptions,
  rules: RobotErrcodeRules,
  now: () => Date,
): Promise<void> {
  const result = await guardedPost(url, JSON.stringify(message), options);
  const refused = classifyHttpStatus(result, now());
  if (refused) throw refused;
  const answer = parseJsonObject(result.body);
  const errcode = answer?.errcode;
  if (typeof errcode !== 'number' || !Number.isInteger(errcode)) {
    // A 200 without the robot's answer is a proxy or an outage page, not a verdict on the message.
    throw DeliveryError.transient(`${rules.prefix}-unreadable-response`, 'the robot gave no errcode');
  }
  if (errcode === 0) return;
  const code = `${rules.prefix}-${errcode < 0 ? `minus${-errcode}` : errcode}`;
  const transient = rules.transient.get(errcode);
  if (transient) {
    throw DeliveryError.transient(
      code,
      `the robot answered errcode ${errcode}: ${transient.reason}`,
      transient.retryAfterMs,
    );
  }
  const reason = rules.permanent.get(errcode) ?? 'refused';
  throw DeliveryError.permanent(code, `the robot answered errcode ${errcode}: ${reason}`);
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, cut at a character boundary, marked with …. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const ellipsis = '…';
  let budget = maxBytes - Buffer.byteLength(ellipsis, 'utf8');
  let out = '';
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (size > budget) break;
    budget -= size;
    out += char;
  }
  return out + ellipsis;
}
