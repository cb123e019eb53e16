import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { RetireOfficialAccount } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import {
  RetireOfficialAccountCommand,
  type RetireOfficialAccountResult,
} from './retire-official-account.command';

/** POST /api/guidance/accounts/{id}/retirements: deregister an official account (注销), with the reason. */
@Controller('api/guidance/accounts/:accountId')
export class RetireOfficialAccountController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(RetireOfficialAccount, ['accountId'])
  @CommandRoute('POST', 'retirements', 'guidance.register-accounts', {
    orgUnitFrom: { resolver: 'officialAccount', from: 'params.accountId' },
  })
  retire(
    @Param('accountId') accountId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<RetireOfficialAccountResult> {
    const payload = RetireOfficialAccount.parse({ ...(body as object), accountId });
    return this.commands.execute(new RetireOfficialAccountCommand(payload, ctx));
  }
}
