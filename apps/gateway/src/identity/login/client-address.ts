/** An IPv4 address written as IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is the IPv4 address. */
function plain(address: string): string {
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

/**
 * The address a sign-in attempt comes from: the TCP peer, unless the peer is a trusted reverse proxy; then the
 * right-most address of X-Forwarded-For that is not itself a trusted proxy (what a client writes further left
 * is its own claim, so it cannot choose its counter). Pure.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: readonly string[],
): string {
  const proxies = new Set(trusted.map(plain));
  let address = plain(peer ?? 'unknown');
  if (!proxies.has(address) || forwardedFor === undefined) return address;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map(plain)
    .filter(Boolean);
  while (proxies.has(address) && chain.length > 0) address = chain.pop()!;
  return address.slice(0, 100);
}
