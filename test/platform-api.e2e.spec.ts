import { uuidv7 } from '@yuqing/event-store';
import { startPlatform, type RunningPlatform } from '@yuqing/testing';

// The platform API as the console and integrators see it: one address (the gateway), one OpenAPI document merged
// from every service's, and every context's API reached through it with the platform's tokens.
let platform: RunningPlatform;

interface Document {
  info: { title: string };
  paths: Record<string, Record<string, Record<string, unknown>>>;
  'x-yuqing-services': { context: string }[];
  'x-yuqing-unavailable': unknown[];
}

beforeAll(async () => {
  platform = await startPlatform();
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

describe('the platform API through the gateway', () => {
  it('serves one OpenAPI document with the gateway’s identity paths and each service’s, permissions named', async () => {
    const response = await fetch(`${platform.gateway.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Document;
    expect(document['x-yuqing-unavailable']).toEqual([]);
    expect(document['x-yuqing-services'].map((s) => s.context)).toEqual(
      [...platform.services.keys()].filter((name) => name !== 'gateway'),
    );
    expect(document.paths['/api/identity/users']?.post?.['x-yuqing-permission']).toBe(
      'identity.manage-users',
    );
    expect(document.paths['/api/ingestion/items']?.post).toMatchObject({
      'x-yuqing-permission': 'ingestion.capture-item',
      'x-yuqing-org-unit': { from: 'body.orgUnit' },
      'x-yuqing-service': 'ingestion',
      security: [{ bearer: [] }],
    });
    expect(document.paths['/api/ingestion/items/{itemId}/verifications']?.post).toMatchObject({
      'x-yuqing-permission': 'ingestion.verify-item',
      'x-yuqing-org-unit': { from: 'params.itemId', resolver: 'item' },
    });
    expect(document.paths['/api/reporting/bulletins/{bulletinId}/sign-offs']?.post).toMatchObject({
      'x-yuqing-permission': 'reporting.sign-off-bulletin',
      // 第十七条: checked at the unit the bulletin was submitted to (the receiving level signs).
      'x-yuqing-org-unit': { from: 'params.bulletinId', resolver: 'bulletin-recipient' },
      'x-yuqing-service': 'reporting',
    });
  });

  it('states every problem each operation may answer, and answers a method a path does not take with 405', async () => {
    const document = (await (await fetch(`${platform.gateway.url}/api/openapi.json`)).json()) as Document;
    const unstated: string[] = [];
    for (const [path, item] of Object.entries(document.paths))
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
        const secured = Array.isArray(op['security']) && op['security'].length > 0;
        const expected = ['400', '404'];
        if (secured) expected.push('401', '403');
        if (method !== 'get') expected.push('409', '413', '422');
        const responses = op['responses'] as Record<string, unknown>;
        for (const status of expected)
          if (!(status in responses)) unstated.push(`${method} ${path} ${status}`);
      }
    expect(unstated).toEqual([]);

    // Request bodies are stated from the contracts the handlers parse them with, less what the path fills in.
    const confirm = document.paths['/api/grading/incidents/{incidentId}/grade-confirmations']!['post']!;
    const body = (confirm['requestBody'] as { content: Record<string, { schema: Record<string, unknown> }> })
      .content['application/json']!.schema;
    expect(body).toMatchObject({ type: 'object', additionalProperties: false });
    expect(Object.keys(body['properties'] as object)).not.toContain('incidentId');
    expect(body['required']).toEqual(expect.arrayContaining(['proposalId']));

    // A service's route (forwarded) and the gateway's own, each asked with a method it does not take.
    for (const path of ['/api/reporting/bulletins/b-1/sign-offs', '/api/identity/login']) {
      const template =
        path === '/api/identity/login' ? path : '/api/reporting/bulletins/{bulletinId}/sign-offs';
      const declared = Object.keys(document.paths[template]!)
        .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
        .map((m) => m.toUpperCase());
      const answer = await fetch(`${platform.gateway.url}${path}`, { method: 'PATCH' });
      expect({ path, status: answer.status }).toEqual({ path, status: 405 });
      const allowed = answer.headers.get('allow')!.split(', ');
      expect(allowed.filter((m) => m !== 'HEAD').sort()).toEqual(declared.sort());
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('serves each service’s own document at its /openapi.json, public and generated from its routes', async () => {
    for (const [name, service] of platform.services) {
      const response = await fetch(`${service.url}/openapi.json`);
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
      const document = (await response.json()) as Document;
      expect(document.info.title).toBe(`yuqing ${name}`);
      const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
      expect(operations.some((op) => typeof op['x-yuqing-permission'] === 'string')).toBe(true);
    }
  });

  it('takes a crawler’s batch for ingestion through the gateway and shows it to a monitor of the unit', async () => {
    const unit = 'cn.yn.km.yl';
    const token = (role: 'opinion-admin' | 'monitor' | 'integrator') =>
      platform.signer.sign({
        subject: `${role}-e2e`,
        kind: role === 'integrator' ? 'integrator' : 'user',
        grants: [{ grantId: uuidv7(), role, orgUnit: unit }],
        scopes: role === 'integrator' ? ['ingestion.capture-item'] : [],
      });
    const rule = await fetch(`${platform.gateway.url}/api/ingestion/rules/yiliang-water-${uuidv7()}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${await token('opinion-admin')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ orgUnit: unit, name: '宜良停水', expression: '宜良 AND 停水' }),
    });
    expect(rule.status).toBe(200);
    const batch = await fetch(`${platform.gateway.url}/api/ingestion/items`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token('integrator')}`,
        'content-type': 'application/json',
        'idempotency-key': `e2e-${uuidv7()}`,
      },
      body: JSON.stringify({
        orgUnit: unit,
        items: [
          {
            url: `https://bbs.example.cn/thread/${uuidv7()}`,
            platform: 'forum',
            reachTier: 'local',
            outlet: '宜良论坛',
            title: '宜良县某小区停水三天',
            text: '居民反映宜良县某小区停水三天无人处理。',
            captureMethod: 'crawler',
          },
        ],
      }),
    });
    expect(batch.status).toBe(200);
    const [outcome] = ((await batch.json()) as { outcomes: { status: string; itemId: string }[] }).outcomes;
    expect(outcome?.status).toBe('captured');

    const monitor = await token('monitor');
    const items = await fetch(`${platform.gateway.url}/api/ingestion/items?limit=10`, {
      headers: { authorization: `Bearer ${monitor}` },
    });
    expect(items.status).toBe(200);
    expect(((await items.json()) as { items: { itemId: string }[] }).items.map((i) => i.itemId)).toContain(
      outcome!.itemId,
    );
    const anonymous = await fetch(`${platform.gateway.url}/api/ingestion/items`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
