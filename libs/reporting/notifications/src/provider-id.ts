// A provider's message id goes into NotificationDelivered, whose schema allows letters, digits and `._:@/+-`
// up to 200 characters: anything else is dropped rather than let one odd provider fail the event.
const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]*$/;

export function providerMessageId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim().replace(/^<|>$/g, '');
  return trimmed.length <= 200 && PROVIDER_ID.test(trimmed) ? trimmed : undefined;
}

/** The body as JSON, or undefined: providers answer errors with HTML pages too. */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
