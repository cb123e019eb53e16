import type { OpenAPIObject } from '@nestjs/swagger';

// What every operation may answer besides its success, stated in the document so that integrators (and a fuzzer
// checking responses against it) meet no status the document does not name. All of them are problem details
// (RFC 9457, problem-details.filter.ts).

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const WRITES: ReadonlySet<string> = new Set(['put', 'post', 'delete', 'patch']);

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details: the one error shape of every yuqing API.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: 'A URI naming the kind of problem.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What went wrong, for a person.' },
    instance: { type: 'string', description: 'The request path.' },
    rule: { type: 'string', description: 'The rule that refused it (403, 409, 422).' },
    field: { type: 'string', description: 'The field at fault (422).' },
    errors: {
      type: 'array',
      description: 'Each invalid field (400).',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
} as const;

const WHY: Readonly<Record<string, string>> = {
  '400': 'The request is not valid: each field at fault is named.',
  '401': 'No valid bearer token; at a sign-in, a wrong name, password or client secret.',
  '403': 'The caller may not do this in the org unit the request concerns.',
  '404': 'Not found, or not visible to the caller (the two look the same).',
  '409':
    'A conflict: it exists already, another change came first, or the same Idempotency-Key is still running.',
  '413': 'The request body is too large.',
  '422': 'Refused by a rule of the domain, which is named.',
  '429': 'Too many attempts: wait as long as Retry-After says.',
};

/** The problem statuses an operation may answer, by its method and whether it needs a token. */
export function problemStatuses(method: string, secured: boolean): string[] {
  const statuses = ['400', '404'];
  if (secured) statuses.push('401', '403');
  if (WRITES.has(method)) statuses.push('409', '413', '422');
  // Public writes are the sign-ins: wrong credentials, and a guesser slowed down.
  if (WRITES.has(method) && !secured) statuses.push('401', '429');
  return statuses.sort();
}

/** Adds the Problem schema and, to every operation, each problem response it may give and does not state yet. */
export function declareProblems(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: { ...PROBLEM_SCHEMA } as never },
  };
  const content = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation: Operation | undefined = item[method];
      if (!operation) continue;
      const secured = (operation.security ?? document.security ?? []).length > 0;
      for (const status of problemStatuses(method, secured)) {
        const stated = operation.responses[status] as { description?: string } | undefined;
        operation.responses[status] = { description: stated?.description ?? WHY[status]!, content };
      }
    }
  }
  return document;
}

/**
 * The methods each path of the document answers, to tell a method it does not answer (405, with `Allow`) from a
 * path that does not exist (404). Path templates (`/api/x/{id}`) match one segment per parameter.
 */
export class RouteMethods {
  private readonly routes: { pattern: RegExp; methods: string[] }[];

  constructor(document: Pick<OpenAPIObject, 'paths'>) {
    this.routes = Object.entries(document.paths).map(([path, item]) => {
      const methods = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
      if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
      const pattern = path
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      return { pattern: new RegExp(`^${pattern}/?$`), methods };
    });
  }

  /** The methods the path answers, or undefined when no route has it. */
  allowed(path: string): string[] | undefined {
    const methods = new Set<string>();
    for (const route of this.routes)
      if (route.pattern.test(path)) route.methods.forEach((m) => methods.add(m));
    return methods.size > 0 ? [...methods].sort() : undefined;
  }
}
