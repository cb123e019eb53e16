import type { OpenAPIObject } from '@yuqing/service-kit';
import { mergeOpenApi } from './merge-openapi';

const doc = (
  title: string,
  paths: OpenAPIObject['paths'],
  schemas: Record<string, object> = {},
): OpenAPIObject => ({
  openapi: '3.0.3',
  info: { title, version: '0.1.0' },
  paths,
  components: { schemas },
});
const info = { title: 'yuqing API', description: 'all of it' };

describe('merging the services’ OpenAPI documents into the gateway’s', () => {
  it('takes each service’s /api/<context> operations, marked with their service, and leaves its health endpoints out', () => {
    const merged = mergeOpenApi(
      doc('yuqing gateway', { '/api/identity/me': { get: { responses: {} } } }),
      [
        {
          context: 'ingestion',
          document: doc('yuqing ingestion', {
            '/api/ingestion/items': { get: { responses: {} } },
            '/health/live': { get: { responses: {} } },
            '/api/grading/sneaky': { get: { responses: {} } },
          }),
        },
      ],
      info,
    );
    expect(Object.keys(merged.paths)).toEqual(['/api/identity/me', '/api/ingestion/items']);
    expect(merged.paths['/api/ingestion/items']!.get).toMatchObject({ 'x-yuqing-service': 'ingestion' });
    expect(merged.info).toMatchObject({ title: 'yuqing API', description: 'all of it' });
    expect(merged).toMatchObject({
      'x-yuqing-services': [{ context: 'ingestion', title: 'yuqing ingestion', version: '0.1.0' }],
      'x-yuqing-unavailable': [],
    });
  });

  it('renames a service schema whose name is taken by another shape, and its references with it', () => {
    const ref = { $ref: '#/components/schemas/Page' };
    const merged = mergeOpenApi(
      doc('gateway', {}, { Page: { type: 'object', properties: { users: {} } } }),
      [
        {
          context: 'ingestion',
          document: doc(
            'ingestion',
            {
              '/api/ingestion/items': {
                get: {
                  responses: { 200: { description: 'ok', content: { 'application/json': { schema: ref } } } },
                },
              },
            },
            { Page: { type: 'object', properties: { items: {} } } },
          ),
        },
      ],
      info,
    );
    expect(Object.keys(merged.components!.schemas!)).toEqual(['Page', 'Ingestion_Page']);
    expect(JSON.stringify(merged.paths['/api/ingestion/items'])).toContain(
      '#/components/schemas/Ingestion_Page',
    );
  });

  it('lists a service that did not answer, with the reason, and keeps everything else', () => {
    const merged = mergeOpenApi(
      doc('gateway', { '/api/identity/me': { get: { responses: {} } } }),
      [{ context: 'grading', unavailable: 'unreachable' }],
      info,
    );
    expect(Object.keys(merged.paths)).toEqual(['/api/identity/me']);
    expect(merged).toMatchObject({ 'x-yuqing-unavailable': [{ context: 'grading', reason: 'unreachable' }] });
  });
});
