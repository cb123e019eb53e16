import { Body, Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { Public } from '@yuqing/auth';
import { LoginService, type TokenResponse } from './login.service';

const loginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});

const tokenBody = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1).max(100).optional(),
  client_secret: z.string().min(1).max(200).optional(),
  scope: z.string().max(2000).optional(),
});

function addressOf(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}

/** Sign-in with the built-in issuer: passwords for people, client credentials for integrators. */
@Public()
@Controller('api/identity')
export class LoginController {
  constructor(@Inject(LoginService) private readonly login: LoginService) {}

  @Post('login')
  @HttpCode(200)
  signIn(@Body() body: unknown, @Req() request: Request): Promise<TokenResponse> {
    const { username, password } = loginBody.parse(body);
    return this.login.login(username, password, addressOf(request));
  }

  /** OAuth 2.0 token endpoint (client_credentials), JSON or form-encoded, secret in the body or HTTP Basic. */
  @Post('token')
  @HttpCode(200)
  token(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: Request,
  ): Promise<TokenResponse> {
    const input = tokenBody.parse(body ?? {});
    let clientId = input.client_id;
    let secret = input.client_secret;
    const basic = authorization && /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization.trim());
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const cut = decoded.indexOf(':');
      if (cut > 0) {
        clientId = decodeURIComponent(decoded.slice(0, cut));
        secret = decodeURIComponent(decoded.slice(cut + 1));
      }
    }
    const credentials = z
      .object({ clientId: z.string().min(1).max(100), secret: z.string().min(1).max(200) })
      .parse({ clientId, secret });
    const scopes = (input.scope ?? '').split(' ').filter(Boolean);
    return this.login.clientToken(credentials.clientId, credentials.secret, scopes, addressOf(request));
  }
}
