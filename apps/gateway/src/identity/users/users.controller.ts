import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { Directory, type UserView } from '../../read-models/directory/directory.read-model';

/** Users and their live grants, in your scope (writes: register-user/, change-password/, change-user-profile/, grant-role/, revoke-grant/). */
@Controller('api/identity')
export class UsersController {
  constructor(@Inject(Directory) private readonly directory: Directory) {}

  @Get('users')
  @Permission('identity.read-users', { orgUnitFrom: 'query.orgUnit', optional: true })
  async list(@Auth() auth: AuthContext, @Query('orgUnit') orgUnit?: string): Promise<{ items: UserView[] }> {
    return { items: await this.directory.users(auth.scope, orgUnit) };
  }
}
