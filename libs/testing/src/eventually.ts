/**
 * Polls `probe` every 100 ms until it yields a value (not undefined), and returns it; fails naming `what`
 * after `timeoutMs`. For outcomes that arrive asynchronously (a consumer's effect, a relay's progress).
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until `condition` holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = 30000,
): Promise<void> {
  await eventually(what, async () => ((await condition()) ? true : undefined), timeoutMs);
}
