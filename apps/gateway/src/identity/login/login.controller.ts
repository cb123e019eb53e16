import { Body, Controller, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Public } from '@yuqing/auth';
import { decodeBasicCredentials } from './basic-credentials';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { clientAddress } from './client-address';
import { LoginService, SignInThrottled, type TokenResponse } from './login.service';

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

/** A slowed-down attempt tells the client when to come back (Retry-After, seconds). */
async function withRetryAfter<T>(response: Response, answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof SignInThrottled) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    throw error;
  }
}

/** Sign-in with the built-in issuer: passwords for people, client credentials for integrators. */
@Public()
@Controller('api/identity')
export class LoginController {
  constructor(
    @Inject(LoginService) private readonly login: LoginService,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  /** The client's address, for the sign-in throttle (X-Forwarded-For only from a trusted proxy). */
  private addressOf(request: Request): string {
    const peer = request.socket.remoteAddress;
    return clientAddress(peer, request.headers['x-forwarded-for'], this.options.trustedProxies ?? []);
  }

  @Post('login')
  @HttpCode(200)
  signIn(
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenResponse> {
    const { username, password } = loginBody.parse(body);
    return withRetryAfter(response, this.login.login(username, password, this.addressOf(request)));
  }

  /** OAuth 2.0 token endpoint (client_credentials), JSON or form-encoded, secret in the body or HTTP Basic. */
  @Post('token')
  @HttpCode(200)
  token(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenResponse> {
    const input = tokenBody.parse(body ?? {});
    let clientId = input.client_id;
    let secret = input.client_secret;
    const basic = decodeBasicCredentials(authorization, response);
    if (basic) ({ clientId, secret } = basic);
    const credentials = z
      .object({ clientId: z.string().min(1).max(100), secret: z.string().min(1).max(200) })
      .parse({ clientId, secret });
    const scopes = (input.scope ?? '').split(' ').filter(Boolean);
    return withRetryAfter(
      response,
      this.login.clientToken(credentials.clientId, credentials.secret, scopes, this.addressOf(request)),
    );
  }
}
