import type { OpenAPIObject } from '@nestjs/swagger';
import { declareProblems, problemStatuses, RouteMethods } from './openapi-problems';

const op = (secured = true) => ({
  responses: { '200': { description: 'ok' } },
  ...(secured ? { security: [{ bearer: [] }] } : {}),
});

describe('the problems an operation states', () => {
  it('are 400 and 404 for a public read; a token adds 401 and 403; a write adds 409, 413 and 422', () => {
    expect(problemStatuses('get', false)).toEqual(['400', '404']);
    expect(problemStatuses('get', true)).toEqual(['400', '401', '403', '404']);
    expect(problemStatuses('post', true)).toEqual(['400', '401', '403', '404', '409', '413', '422']);
    // A public write is a sign-in: wrong credentials, and a guesser slowed down.
    expect(problemStatuses('post', false)).toEqual(['400', '401', '404', '409', '413', '422', '429']);
  });

  it('are added to every operation as problem details, keeping a description already stated', () => {
    const document = {
      paths: {
        '/a/{id}': {
          get: op(),
          put: {
            ...op(),
            responses: { '200': { description: 'ok' }, '403': { description: 'Only the city.' } },
          },
        },
      },
    } as unknown as OpenAPIObject;
    const declared = declareProblems(document);
    const get = declared.paths['/a/{id}']!.get!;
    expect(Object.keys(get.responses).sort()).toEqual(['200', '400', '401', '403', '404']);
    const put = declared.paths['/a/{id}']!.put!;
    expect(put.responses['403']).toEqual({
      description: 'Only the city.',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(declared.components?.schemas?.['Problem']).toBeDefined();
  });
});

describe('the methods of a path', () => {
  const routes = new RouteMethods({
    paths: {
      '/api/x/items': { get: op(), post: op() },
      '/api/x/items/{id}': { get: op() },
      '/api/x/items/{id}/approval': { post: op() },
    },
  } as unknown as OpenAPIObject);

  it('are those its templates declare, HEAD with GET, whatever the parameter', () => {
    expect(routes.allowed('/api/x/items')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.allowed('/api/x/items/01a2-b')).toEqual(['GET', 'HEAD']);
    expect(routes.allowed('/api/x/items/01a2-b/approval')).toEqual(['POST']);
    expect(routes.allowed('/api/x/items/')).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('are none for a path no template has (a parameter is one segment)', () => {
    expect(routes.allowed('/api/x/other')).toBeUndefined();
    expect(routes.allowed('/api/x/items/a/b')).toBeUndefined();
    expect(routes.allowed('/api/x/items.json')).toBeUndefined();
  });
});
