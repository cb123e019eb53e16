import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { SignOffBulletin } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { SignOffBulletinCommand, type SignedOff } from './sign-off-bulletin.command';

/**
 * POST /api/reporting/bulletins/{bulletinId}/sign-offs: a principal leader of the unit the 《网上舆情》 bulletin was
 * submitted to (or above it) signs it off (签批, 第十七条) with instructions (批示); each instruction becomes a
 * follow-up task the incident's unit supervises (督办).
 */
@Controller('api/reporting/bulletins/:bulletinId/sign-offs')
export class SignOffBulletinController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(SignOffBulletin, ['bulletinId'])
  @CommandRoute('POST', '', 'reporting.sign-off-bulletin', {
    // Checked where the bulletin was submitted, not the incident's unit: the receiving level signs (第十七条).
    orgUnitFrom: { resolver: 'bulletin-recipient', from: 'params.bulletinId' },
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
