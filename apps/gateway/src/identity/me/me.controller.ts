import { Controller, Get } from '@nestjs/common';
import { Auth, Permission, type AuthContext, type Grant } from '@yuqing/auth';

/** Who the token says the caller is, with the grants still in force. */
@Controller('api/identity/me')
export class MeController {
  @Get()
  @Permission('identity.read-self', { orgUnitFrom: 'none' })
  me(@Auth() auth: AuthContext): {
    subject: string;
    kind: string;
    grants: readonly Grant[];
    scopes: readonly string[];
  } {
    const { subject, kind, grants, scopes } = auth.principal;
    return { subject, kind, grants, scopes };
  }
}
