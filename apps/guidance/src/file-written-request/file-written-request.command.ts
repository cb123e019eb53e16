import { FileWrittenRequest } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What filing answers: the request's id, its stream version, and when the answer is due. */
export interface FileWrittenRequestResult {
  readonly requestId: string;
  readonly version: number;
  readonly dueAt: string;
}

export class FileWrittenRequestCommand extends DomainCommand<
  typeof FileWrittenRequest,
  FileWrittenRequestResult
>(FileWrittenRequest) {}
