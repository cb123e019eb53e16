import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { z } from 'zod';
import { AlreadyExistsError, NotFoundError } from '@yuqing/contracts';
import { ConcurrencyError } from '@yuqing/event-store';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from '../commands/errors';
import { problemFor } from './problem-details.filter';

describe('problemFor', () => {
  it('turns a version conflict into 409 with the current version', () => {
    expect(
      problemFor(
        new ConcurrencyError('grading-incident-1', 2, 5),
        '/api/grading/incidents/1/grade-confirmations',
      ),
    ).toEqual({
      type: 'https://yuqing.invalid/problems/409',
      title: 'Conflict',
      status: 409,
      detail: 'stream grading-incident-1 is at version 5, expected 2',
      instance: '/api/grading/incidents/1/grade-confirmations',
      currentVersion: 5,
    });
  });

  it('turns invalid input into 400 with each field path', () => {
    const result = z
      .object({ title: z.string().max(5), engagement: z.object({ views: z.number().int() }) })
      .safeParse({
        title: '一篇很长很长的标题',
        engagement: { views: 1.5 },
      });
    const problem = problemFor(result.error, '/api/ingestion/items');
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(problem.errors?.map((e) => e.path)).toEqual(['title', 'engagement.views']);
  });

  it('keeps the message of Nest HTTP exceptions', () => {
    expect(problemFor(new NotFoundException('incident 7 not found'), '/x')).toMatchObject({
      status: 404,
      detail: 'incident 7 not found',
    });
    expect(problemFor(new PayloadTooLargeException(), '/x')).toMatchObject({
      status: 413,
      title: 'Payload Too Large',
    });
    expect(problemFor(new BadRequestException(['a is required', 'b is too long']), '/x')).toMatchObject({
      status: 400,
      detail: 'a is required; b is too long',
    });
  });

  it('reveals nothing of an unexpected error', () => {
    const problem = problemFor(new Error('relation "secret_table" does not exist'), '/x');
    expect(problem).toEqual({
      type: 'https://yuqing.invalid/problems/500',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged.',
      instance: '/x',
    });
  });

  it("maps the command path's errors: exists 409, not found 404, key reused 422, key in progress 409", () => {
    expect(problemFor(new AlreadyExistsError('identity.user-exists', 'taken'), '/x')).toMatchObject({
      status: 409,
      rule: 'identity.user-exists',
      detail: 'taken',
    });
    expect(problemFor(new NotFoundError('bulletin b not found'), '/x')).toMatchObject({
      status: 404,
      title: 'Not Found',
      detail: 'bulletin b not found',
    });
    expect(problemFor(new IdempotencyKeyReusedError('grading'), '/x')).toMatchObject({
      status: 422,
      rule: 'grading.idempotency-key-reused',
    });
    expect(problemFor(new IdempotencyInProgressError('reporting'), '/x')).toMatchObject({
      status: 409,
      rule: 'reporting.idempotency-in-progress',
    });
  });
});
