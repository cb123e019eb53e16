import { DismissItem } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export class DismissItemCommand extends DomainCommand<typeof DismissItem, { version: number }>(DismissItem) {}
