// Test code: just enough MIME decoding to read back what nodemailer wrote (RFC 2047 encoded words in headers;
// base64 or quoted-printable single-part text bodies), so the e-mail test needs no mail parser dependency.

export interface DecodedMail {
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  readonly text: string;
}

function decodeQ(text: string, underscoreIsSpace: boolean): Buffer {
  const source = underscoreIsSpace ? text.replace(/_/g, ' ') : text;
  const bytes: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const hex = source.slice(i + 1, i + 3);
    if (source[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(source[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** Decodes `=?UTF-8?B?…?=` / `=?UTF-8?Q?…?=` words; adjacent encoded words join without the space between. */
export function decodeEncodedWords(value: string): string {
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of joined.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
    parts.push(Buffer.from(joined.slice(last, match.index), 'utf8'));
    const [, , encoding, data] = match as unknown as [string, string, string, string];
    parts.push(encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQ(data, true));
    last = match.index! + match[0].length;
  }
  parts.push(Buffer.from(joined.slice(last), 'utf8'));
  // Multi-byte characters may be split across words: decode the bytes as one.
  return Buffer.concat(parts).toString('utf8');
}

export function decodeMail(raw: Buffer): DecodedMail {
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = text.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const transfer = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const decoded =
    transfer === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : transfer === 'quoted-printable'
        ? decodeQ(body.replace(/=\r\n/g, ''), false)
        : Buffer.from(body, 'utf8');
  return {
    headers,
    subject: decodeEncodedWords(headers.get('subject') ?? ''),
    text: decoded.toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, ''),
  };
}
