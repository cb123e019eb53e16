import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { Public } from '@yuqing/auth';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { KeyStore } from './key-store';

/** The built-in issuer's public keys and OIDC discovery document, for every service's verifier. */
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(
    @Inject(KeyStore) private readonly keys: KeyStore,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  // Read fresh (a rotation on another replica shows at once) and cached a minute at most: a retired key must
  // leave the services' sets soon after its retirement time.
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=60')
  jwks(): Promise<JSONWebKeySet> {
    return this.keys.currentJwks();
  }

  @Get('openid-configuration')
  discovery(): Record<string, unknown> {
    const issuer = this.options.issuer.replace(/\/$/, '');
    return {
      issuer: this.options.issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint: `${issuer}/api/identity/token`,
      grant_types_supported: ['client_credentials', 'password'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    };
  }
}
