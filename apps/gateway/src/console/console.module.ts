import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  Inject,
  Injectable,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestMiddleware,
  type NestModule,
} from '@nestjs/common';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';

export interface ConsoleOptions {
  /** The built console (apps/console's `vite build`): index.html and assets/. */
  readonly directory: string;
}

const CONSOLE_OPTIONS = Symbol('CONSOLE_OPTIONS');

/**
 * What the console's pages may do: scripts, fonts and data only from the gateway itself, inline styles (the
 * component library writes its CSS at run time), the reporting documents framed from the same origin (or from
 * the copy a leader reads before signing, held as a blob), and no page of another site may frame the console.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function pageHeaders(response: Response): void {
  response.setHeader('Content-Security-Policy', CONSOLE_CSP);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
}

/**
 * Serves the console at `/`: its files (hashed assets cached for good, index.html never), and index.html for any
 * other page address a browser asks for, so a link to /incidents/<id> opens the console there. /api/... and the
 * service's own routes are never shadowed. Without a build, pages answer 503 saying how to build it.
 */
@Injectable()
export class ConsoleMiddleware implements NestMiddleware {
  private readonly files: express.RequestHandler;
  private readonly index: string;

  constructor(@Inject(CONSOLE_OPTIONS) options: ConsoleOptions) {
    this.index = path.join(options.directory, 'index.html');
    this.files = express.static(options.directory, {
      index: false,
      fallthrough: true,
      setHeaders: (response, file) => {
        pageHeaders(response);
        const immutable = file.includes(`${path.sep}assets${path.sep}`);
        response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (isServiceRoute(request.path)) return next();
    this.files(request, response, () => {
      if (!wantsPage(request)) return next();
      pageHeaders(response);
      response.setHeader('Cache-Control', 'no-cache');
      if (!existsSync(this.index)) {
        response
          .status(503)
          .type('text/plain; charset=utf-8')
          .send('控制台尚未构建 (the console is not built): npm run console:build\n');
        return;
      }
      response.sendFile(this.index);
    });
  }
}

/** The gateway's own non-page routes, which the console never answers for. */
function isServiceRoute(requestPath: string): boolean {
  return (
    requestPath.startsWith('/api/') ||
    requestPath === '/api' ||
    requestPath.startsWith('/health') ||
    requestPath === '/metrics' ||
    requestPath === '/openapi.json' ||
    requestPath.startsWith('/.well-known/')
  );
}

/** A browser navigating to a page (not a script asking for a missing file). */
function wantsPage(request: Request): boolean {
  return (request.headers.accept ?? '').includes('text/html') && !path.extname(request.path);
}

@Module({})
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ConsoleMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.GET });
  }

  static register(options: ConsoleOptions): DynamicModule {
    return {
      module: ConsoleModule,
      providers: [{ provide: CONSOLE_OPTIONS, useValue: options }, ConsoleMiddleware],
    };
  }
}
