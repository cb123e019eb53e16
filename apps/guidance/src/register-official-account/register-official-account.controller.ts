import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { RegisterOfficialAccount } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import {
  RegisterOfficialAccountCommand,
  type RegisterOfficialAccountResult,
} from './register-official-account.command';

/** POST /api/guidance/accounts: register one of the unit's official accounts or sites (政务账号登记). */
@Controller('api/guidance/accounts')
export class RegisterOfficialAccountController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(RegisterOfficialAccount)
  @CommandRoute('POST', '', 'guidance.register-accounts', { orgUnitFrom: 'body.orgUnit' })
  register(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<RegisterOfficialAccountResult> {
    return this.commands.execute(
      new RegisterOfficialAccountCommand(RegisterOfficialAccount.parse(body), ctx),
    );
  }
}
