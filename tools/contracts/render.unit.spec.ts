import fs from 'node:fs';
import path from 'node:path';
import { eventCatalogue, eventsTopic } from '@yuqing/contracts';
import { listFiles, REPO_ROOT } from './files';
import { DOCS_DIR, eventSchemaFile, renderEventDocs } from './render';

const REGENERATE = 'Run `npm run contracts:generate` and commit docs/events with the contract change.';
const docsDir = path.join(REPO_ROOT, DOCS_DIR);

interface AsyncApi {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: string; channel: { $ref: string }; messages: unknown[] }>;
  components: {
    messages: Record<
      string,
      {
        payload: { type: string };
        headers: { required: string[]; properties: Record<string, { const?: string }> };
      }
    >;
  };
}

describe('docs/events', () => {
  const rendered = renderEventDocs();

  it('matches what libs/contracts generates', () => {
    const outOfDate = [...rendered]
      .filter(([file, content]) => {
        const target = path.join(docsDir, file);
        return !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== content;
      })
      .map(([file]) => file);
    if (outOfDate.length > 0) {
      throw new Error(
        `${DOCS_DIR} is out of date with libs/contracts: ${outOfDate.join(', ')}. ${REGENERATE}`,
      );
    }
  });

  it('holds no file that no contract produces', () => {
    const stale = listFiles(docsDir).filter((file) => !rendered.has(file));
    if (stale.length > 0) {
      throw new Error(`${DOCS_DIR} has files no contract produces: ${stale.join(', ')}. ${REGENERATE}`);
    }
  });

  it('renders the same bytes every time, each file ending in a newline', () => {
    const again = renderEventDocs();
    expect([...again.keys()]).toEqual([...rendered.keys()]);
    for (const [file, content] of rendered) {
      expect(again.get(file)).toBe(content);
      expect(content.endsWith('\n')).toBe(true);
    }
  });

  it('writes one titled, described JSON Schema per event version', () => {
    for (const event of eventCatalogue.all) {
      const schema = JSON.parse(rendered.get(eventSchemaFile(event)) ?? 'null') as Record<string, unknown>;
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `urn:yuqing:event:${event.type}:v${event.schemaVersion}`,
        title: `${event.type} v${event.schemaVersion}`,
        description: event.description,
        type: 'object',
      });
    }
  });

  it('describes every event in AsyncAPI 3.0.0 on its context topic, with its CloudEvents headers', () => {
    const doc = JSON.parse(rendered.get('asyncapi.json') ?? 'null') as AsyncApi;
    expect(doc.asyncapi).toBe('3.0.0');

    for (const [context, channel] of Object.entries(doc.channels)) {
      expect(channel.address).toBe(eventsTopic(context as Parameters<typeof eventsTopic>[0]));
      const sends = Object.values(doc.operations).filter((op) => op.channel.$ref === `#/channels/${context}`);
      expect(sends).toHaveLength(1);
      expect(sends[0]).toMatchObject({ action: 'send' });
      expect(sends[0]!.messages).toHaveLength(Object.keys(channel.messages).length);
    }

    for (const event of eventCatalogue.all) {
      const key = `${event.type}.v${event.schemaVersion}`;
      expect(doc.channels[event.context]!.messages[key]).toEqual({ $ref: `#/components/messages/${key}` });
      const message = doc.components.messages[key]!;
      expect(message.payload.type).toBe('object');
      expect(message.headers.required).toEqual(
        expect.arrayContaining([
          'ce_id',
          'ce_type',
          'ce_source',
          'ce_time',
          'ce_subject',
          'ce_specversion',
          'ce_schemaversion',
          'tenant',
        ]),
      );
      expect(Object.keys(message.headers.properties)).toContain('traceparent');
      expect(message.headers.properties.ce_type!.const).toBe(event.type);
      expect(message.headers.properties.ce_schemaversion!.const).toBe(String(event.schemaVersion));
    }
  });

  it('lists every event in the README catalogue table', () => {
    const readme = rendered.get('README.md') ?? '';
    for (const event of eventCatalogue.all) {
      expect(readme).toContain(`| \`${event.type}\` | ${event.schemaVersion} | \`${event.topic}\` |`);
    }
  });
});
