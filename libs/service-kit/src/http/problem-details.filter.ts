import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodError } from 'zod';
import {
  AlreadyExistsError,
  ContractViolationError,
  DomainRuleError,
  NotFoundError,
  NotPermittedError,
} from '@yuqing/contracts';
import { ConcurrencyError, DuplicateEventError } from '@yuqing/event-store';
import type { Logger } from '@yuqing/telemetry';
import { IdempotencyInProgressError } from '../commands/errors';
import type { RouteMethods } from './openapi-problems';

/** RFC 9457 problem details, the one error shape of every yuqing API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

const PROBLEM_BASE = 'https://yuqing.invalid/problems/';

function titleOf(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  return name
    ? name
        .toLowerCase()
        .replace(/(^|_)(\w)/g, (_m, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase())
    : 'Error';
}

/** Turns an HttpException's response body (string or object) into problem details. */
export function problemFromHttpException(exception: HttpException, instance?: string): ProblemDetails {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const problem: ProblemDetails = {
    type: `${PROBLEM_BASE}${status}`,
    title: titleOf(status),
    status,
    ...(instance ? { instance } : {}),
  };
  if (typeof body === 'string') return { ...problem, detail: body };
  const { message, error: _error, statusCode: _statusCode, ...rest } = body as Record<string, unknown>;
  if (Array.isArray(message)) return { ...problem, detail: message.join('; '), ...rest };
  return { ...problem, ...(typeof message === 'string' ? { detail: message } : {}), ...rest };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

function problem(
  status: number,
  detail: string,
  instance: string,
  extensions: Record<string, unknown> = {},
): ProblemDetails {
  return {
    type: `${PROBLEM_BASE}${status}`,
    title: TITLES[status] ?? titleOf(status),
    status,
    detail,
    instance,
    ...extensions,
  };
}

/** The problem an error stands for; anything unknown is a 500 that reveals nothing. */
export function problemFor(exception: unknown, instance: string): ProblemDetails {
  if (exception instanceof HttpException) return problemFromHttpException(exception, instance);
  // Invalid input, from a zod schema or a contract: 400 with each field path.
  const invalid =
    exception instanceof ZodError
      ? exception.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
      : exception instanceof ContractViolationError
        ? exception.issues.map((issue) => ({ path: issue.path, message: issue.message }))
        : undefined;
  if (invalid) {
    return problem(400, 'the request is not valid', instance, {
      errors: invalid.map((issue) => ({ path: issue.path || '(body)', message: issue.message })),
    });
  }
  if (exception instanceof DomainRuleError)
    return problem(422, exception.message, instance, {
      rule: exception.rule,
      ...(exception.field ? { field: exception.field } : {}),
    });
  if (exception instanceof NotPermittedError)
    return problem(403, exception.message, instance, { rule: exception.rule });
  if (exception instanceof AlreadyExistsError)
    return problem(409, exception.message, instance, { rule: exception.rule });
  if (exception instanceof NotFoundError) return problem(404, exception.message, instance);
  if (exception instanceof IdempotencyInProgressError)
    return problem(409, exception.message, instance, { rule: exception.rule });
  if (exception instanceof ConcurrencyError) {
    return problem(
      409,
      exception.message,
      instance,
      exception.actualVersion !== undefined ? { currentVersion: exception.actualVersion } : {},
    );
  }
  if (exception instanceof DuplicateEventError) return problem(409, exception.message, instance);
  return problem(500, 'An unexpected error occurred; it has been logged.', instance);
}

/** A path that exists, asked with a method it does not take: 405 with `Allow`. */
export class MethodNotAllowedError extends Error {
  constructor(readonly allowed: readonly string[]) {
    super(`this path answers ${allowed.join(', ')} only`);
    this.name = 'MethodNotAllowedError';
  }
}

/**
 * Every error leaves as application/problem+json. Unexpected errors are logged whole and answered with a
 * 500 that says nothing of the internals (no stack, no SQL).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    /** The methods of each path: a path that exists, asked with a method it does not answer, gets 405. */
    private readonly routes?: () => RouteMethods,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const allowed =
      exception instanceof MethodNotAllowedError
        ? exception.allowed
        : this.unansweredMethod(exception, request);
    if (allowed) {
      response.setHeader('Allow', allowed.join(', '));
      const detail = `${request.method} is not answered here: ${new MethodNotAllowedError(allowed).message}`;
      response
        .status(405)
        .type('application/problem+json')
        .send(JSON.stringify(problem(405, detail, request.originalUrl)));
      return;
    }
    const problemDetails = problemFor(exception, request.originalUrl);
    if (problemDetails.status >= 500)
      this.logger.error({ err: exception, path: request.originalUrl }, 'request failed');
    // A retry of a request still running may come back in a second.
    if (exception instanceof IdempotencyInProgressError) response.setHeader('Retry-After', '1');
    response
      .status(problemDetails.status)
      .type('application/problem+json')
      .send(JSON.stringify(problemDetails));
  }

  /** The methods the path answers, when the router found no route for this method but the path has others. */
  private unansweredMethod(exception: unknown, request: Request): string[] | undefined {
    // Nest's router answers an unmatched route with this NotFoundException; a handler's own 404 says otherwise.
    if (!this.routes || !(exception instanceof NotFoundException)) return undefined;
    if (exception.message !== `Cannot ${request.method} ${request.originalUrl}`) return undefined;
    const allowed = this.routes().allowed(request.path);
    return allowed && !allowed.includes(request.method) ? allowed : undefined;
  }
}
