import { UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';

/**
 * The client id and secret of an HTTP Basic header (RFC 6749 §2.3.1: each form-urlencoded, then joined by `:`),
 * or undefined when the header is not Basic. A broken `%` escape is the client's error: 401 invalid_client with a
 * Basic challenge, never a 500 from decodeURIComponent.
 */
export function decodeBasicCredentials(
  authorization: string | undefined,
  response: Response,
): { clientId: string; secret: string } | undefined {
  const basic = authorization && /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization.trim());
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const cut = decoded.indexOf(':');
  if (cut <= 0) return undefined;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, cut)),
      secret: decodeURIComponent(decoded.slice(cut + 1)),
    };
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    response.setHeader('WWW-Authenticate', 'Basic realm="yuqing"');
    throw new UnauthorizedException({
      message: 'the Basic credentials are not form-urlencoded (a % escape is broken)',
      error: 'invalid_client',
    });
  }
}
