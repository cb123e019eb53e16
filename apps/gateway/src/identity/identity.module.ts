import {
  Global,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { EventSourcingModule } from '@yuqing/service-kit';
import { ChangePasswordController } from './change-password/change-password.controller';
import { ChangePasswordHandler } from './change-password/change-password.handler';
import { ChangeUserProfileController } from './change-user-profile/change-user-profile.controller';
import { ChangeUserProfileHandler } from './change-user-profile/change-user-profile.handler';
import { CreateOrgUnitController } from './create-org-unit/create-org-unit.controller';
import { CreateOrgUnitHandler } from './create-org-unit/create-org-unit.handler';
import { Credentials } from './credentials';
import type { DemoOptions } from './demo/demo-loader';
import { DemoModule } from './demo/demo.module';
import { FirstAdministratorBootstrap } from './bootstrap/first-administrator';
import { AccessDenialsController } from './denials/access-denials.controller';
import {
  Directory,
  GrantOrgUnitResolver,
  UserOrgUnitResolver,
} from '../read-models/directory/directory.read-model';
import { GrantRoleController } from './grant-role/grant-role.controller';
import { GrantRoleHandler } from './grant-role/grant-role.handler';
import { IDENTITY_OPTIONS, type IdentityOptions } from './identity.options';
import { projections } from '../read-models';
import { JwksController } from './keys/jwks.controller';
import { KeyStore } from './keys/key-store';
import { LoginController } from './login/login.controller';
import { LoginService } from './login/login.service';
import { LoginThrottle } from './login/login-throttle';
import { ConsoleSessions } from './session/console-session';
import { SessionController } from './session/session.controller';
import { SessionMiddleware } from './session/session.middleware';
import { SessionStore } from './session/session.store';
import { Passwords } from './passwords';
import { MeController } from './me/me.controller';
import { OrgUnitsController } from './org-units/org-units.controller';
import { RegisterClientController } from './register-client/register-client.controller';
import { RegisterClientHandler } from './register-client/register-client.handler';
import { RegisterUserController } from './register-user/register-user.controller';
import { RegisterUserHandler } from './register-user/register-user.handler';
import { RevokeGrantController } from './revoke-grant/revoke-grant.controller';
import { RevokeGrantHandler } from './revoke-grant/revoke-grant.handler';
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
export class IdentityModule implements NestModule {
  /** The console's session cookie becomes the request's bearer token, before any guard or forwarding. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware).forRoutes({ path: 'api/*path', method: RequestMethod.ALL });
  }

  static register(options: IdentityOptions, demo: DemoOptions): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        EventSourcingModule.forRoot({
          schema: options.schema,
          // Identity's events come from identity's source (eventSource('identity')): consumers accept no other.
          source: '/yuqing/identity',
          projections: projections(options.schema),
        }),
        DemoModule.register(demo),
      ],
      controllers: [
        JwksController,
        LoginController,
        SessionController,
        OrgUnitsController,
        UsersController,
        CreateOrgUnitController,
        RegisterUserController,
        ChangePasswordController,
        ChangeUserProfileController,
        GrantRoleController,
        RevokeGrantController,
        RegisterClientController,
        MeController,
        AccessDenialsController,
      ],
      providers: [
        { provide: IDENTITY_OPTIONS, useValue: options },
        KeyStore,
        Directory,
        Credentials,
        CreateOrgUnitHandler,
        RegisterUserHandler,
        ChangePasswordHandler,
        ChangeUserProfileHandler,
        GrantRoleHandler,
        RevokeGrantHandler,
        RegisterClientHandler,
        LoginService,
        LoginThrottle,
        SessionStore,
        ConsoleSessions,
        UserOrgUnitResolver,
        GrantOrgUnitResolver,
        Passwords,
        FirstAdministratorBootstrap,
      ],
      // EventSourcingModule re-exported: the demo loader's module needs its store.
      exports: [KeyStore, Directory, EventSourcingModule],
    };
  }
}
