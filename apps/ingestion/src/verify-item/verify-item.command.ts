import { VerifyItem } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export class VerifyItemCommand extends DomainCommand<typeof VerifyItem, { version: number }>(VerifyItem) {}
