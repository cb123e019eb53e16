import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

// Outbound HTTP to addresses the platform does not control (feed URLs from users, webhook and robot URLs from
// operators) must not become a probe of the intranet. One test of what counts as internal, and one DNS lookup
// that refuses it, serve every caller.

function ipv4Blocked(address: string): boolean {
  const [a, b, c] = address.split('.').map(Number) as [number, number, number];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 0 && c === 0) || // IETF protocol assignments (NAT64 discovery, DS-Lite, …)
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

/** The eight 16-bit groups of an IPv6 address (any textual form, embedded IPv4 included), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (text.split('::').length > 2 || (tail === undefined && missing !== 0) || missing < 0) return undefined;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right].map((g) =>
    parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : undefined;
}

const v4FromGroups = (hi: number, lo: number): string => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

/**
 * True for loopback, private, link-local, CGNAT, IETF protocol assignments (192.0.0.0/24), benchmark, multicast
 * and unspecified addresses, in IPv4 and in every IPv6 form that can carry one (mapped, compatible, NAT64, 6to4),
 * plus Teredo (2001::/32) and IPv6 unique-local, site-local and link-local.
 */
export function isInternalAddress(address: string): boolean {
  if (isIP(address) === 4) return ipv4Blocked(address);
  const g = ipv6Groups(address);
  if (!g) return true; // not an address we can read: refuse rather than guess
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(5) && g[5] === 0xffff) return ipv4Blocked(v4FromGroups(g[6]!, g[7]!));
  if (zeros(6)) return g[6] === 0 && g[7]! <= 1 ? true : ipv4Blocked(v4FromGroups(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return ipv4Blocked(v4FromGroups(g[6]!, g[7]!));
  if (g[0] === 0x2002) return ipv4Blocked(v4FromGroups(g[1]!, g[2]!));
  // Teredo (2001::/32) tunnels to an IPv4 address hidden in the suffix: refused whole.
  if (g[0] === 0x2001 && g[1] === 0) return true;
  const first = g[0]!;
  return (
    (first & 0xfe00) === 0xfc00 ||
    (first & 0xffc0) === 0xfe80 ||
    (first & 0xffc0) === 0xfec0 ||
    (first & 0xff00) === 0xff00
  );
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** An allow-list entry as host (brackets around IPv6) and port; a bare host means the default port only. */
function allowListEntry(entry: string): { host: string; port: string | undefined } {
  const text = entry.trim().toLowerCase();
  const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] };
  if (text.split(':').length > 2) return { host: `[${text}]`, port: undefined }; // a bare IPv6 address
  const [host, port] = text.split(':') as [string, string | undefined];
  return { host, port };
}

/**
 * The URL's host is on the operator's allow-list (which lets it resolve to an internal address): an entry `host`
 * allows that host on the scheme's default port only, `host:port` on that port only, so allowing a feed server
 * does not open every other service on the same machine.
 */
export function isAllowListed(url: URL, allowlist: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  const defaultPort = DEFAULT_PORTS[url.protocol];
  const port = url.port || defaultPort;
  return allowlist.some((raw) => {
    const entry = allowListEntry(raw);
    if (entry.host !== hostname || port === undefined) return false;
    return entry.port === undefined ? port === defaultPort : Number(entry.port) === Number(port);
  });
}

/** A host that resolved to an internal address and is not allow-listed. */
export class BlockedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    /** The setting an operator uses to allow it, named in the message. */
    readonly allowListSetting: string,
  ) {
    super(
      `${host} resolves to ${address}, an internal address; an operator must allow-list it (${allowListSetting})`,
    );
    this.name = 'BlockedAddressError';
  }
}

/**
 * A DNS lookup for http(s).request that refuses internal addresses unless the URL's host is allow-listed, and
 * hands the socket the one address it vetted, so no second DNS answer can slip in between check and connect.
 */
export function vettedLookup(
  url: URL,
  allowlist: readonly string[],
  allowListSetting: string,
): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as LookupAddress[];
      if (!isAllowListed(url, allowlist)) {
        const internal = list.find((entry) => isInternalAddress(entry.address));
        if (internal) {
          return callback(new BlockedAddressError(hostname, internal.address, allowListSetting), '', 4);
        }
      }
      const chosen = list[0]!;
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [chosen]);
      callback(null, chosen.address, chosen.family);
    });
  };
}
