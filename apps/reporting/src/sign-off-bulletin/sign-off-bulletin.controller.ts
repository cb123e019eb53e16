import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { SignOffBulletin } from '@yuqing/contracts';
import type { CommandContext } from '@yuqing/service-kit';
import { SignOffBulletinCommand, type SignedOff } from './sign-off-bulletin.command';

/**
 * POST /api/reporting/bulletins/{bulletinId}/sign-offs: a principal leader signs a 《网上舆情》 bulletin off (签批)
 * with instructions (批示); each instruction becomes a follow-up task the incident's unit supervises (督办).
 */
@Controller('api/reporting/bulletins/:bulletinId/sign-offs')
export class SignOffBulletinController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @CommandRoute('POST', '', 'reporting.sign-off-bulletin', {
    orgUnitFrom: { resolver: 'bulletin', from: 'params.bulletinId' },
  })
  signOff(
    @Param('bulletinId') bulletinId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<SignedOff> {
    return this.commands.execute(
      new SignOffBulletinCommand(SignOffBulletin.parse({ ...(body as object), bulletinId }), ctx),
    );
  }
}
