import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ComputeRatings } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { ComputeRatingsCommand, type ComputeRatingsResult } from './compute-ratings.command';

/** POST /api/review/ratings: rate the departments under a unit for a period (考评). */
@Controller('api/review/ratings')
export class ComputeRatingsController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ComputeRatings)
  @CommandRoute('POST', '', 'review.compute-ratings', { orgUnitFrom: 'body.orgUnit' })
  compute(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<ComputeRatingsResult> {
    return this.commands.execute(new ComputeRatingsCommand(ComputeRatings.parse(body), ctx));
  }
}
