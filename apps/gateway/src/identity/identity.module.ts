import { Global, Module, type DynamicModule } from '@nestjs/common';
import { EventSourcingModule } from '@yuqing/service-kit';
import { ClientsController } from './clients/clients.controller';
import { DemoLoader, DEMO_OPTIONS, type DemoOptions } from './demo/demo-loader';
import { AccessDenialsController } from './denials/access-denials.controller';
import { Directory, GrantOrgUnitResolver, UserOrgUnitResolver } from './directory';
import { IdentityCommands } from './identity-commands';
import { IDENTITY_OPTIONS, type IdentityOptions } from './identity.options';
import { identityProjection } from './identity.projection';
import { JwksController } from './keys/jwks.controller';
import { KeyStore } from './keys/key-store';
import { LoginController } from './login/login.controller';
import { LoginService } from './login/login.service';
import { Passwords } from './passwords';
import { MeController } from './me/me.controller';
import { OrgUnitsController } from './org-units/org-units.controller';
import { UsersController } from './users/users.controller';

/** The resolvers @Permission may name in the gateway. */
export const identityResolvers = {
  'identity.user': UserOrgUnitResolver,
  'identity.grant': GrantOrgUnitResolver,
} as const;

/**
 * The identity context: org tree, users, grants and machine clients (event-sourced in its own schema), and the
 * built-in token issuer (keys, JWKS, password and client-credential sign-in). Global so the auth guard's
 * verifier can use the key store.
 */
@Global()
@Module({})
export class IdentityModule {
  static register(options: IdentityOptions, demo: DemoOptions): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        EventSourcingModule.forRoot({
          schema: options.schema,
          source: '/yuqing/gateway',
          inlineProjections: [identityProjection(options.schema)],
        }),
      ],
      controllers: [
        JwksController,
        LoginController,
        OrgUnitsController,
        UsersController,
        ClientsController,
        MeController,
        AccessDenialsController,
      ],
      providers: [
        { provide: IDENTITY_OPTIONS, useValue: options },
        { provide: DEMO_OPTIONS, useValue: demo },
        KeyStore,
        Directory,
        IdentityCommands,
        LoginService,
        UserOrgUnitResolver,
        GrantOrgUnitResolver,
        DemoLoader,
        Passwords,
      ],
      exports: [KeyStore, Directory, IdentityCommands, DemoLoader],
    };
  }
}
