import type { OpenAPIObject } from '@yuqing/service-kit';

/** What the gateway got when it asked a service for its document. */
export type ServiceDocument =
  | { readonly context: string; readonly document: OpenAPIObject }
  | { readonly context: string; readonly unavailable: string };

type Json = unknown;

/** Rewrites `#/components/schemas/<from>` references to `<to>` everywhere under `value`. */
function renameRefs(value: Json, renames: ReadonlyMap<string, string>): Json {
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, renames));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value)) {
    const target = key === '$ref' && typeof v === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(v) : null;
    out[key] =
      target && renames.has(target[1]!)
        ? `#/components/schemas/${renames.get(target[1]!)}`
        : renameRefs(v, renames);
  }
  return out;
}

const capitalised = (name: string) =>
  name.replace(/(^|-)(\w)/g, (_m, _s: string, c: string) => c.toUpperCase());

/**
 * The platform's API as integrators reach it through the gateway: the gateway's own document plus, from each
 * service, the operations under `/api/<context>` (its health and metrics are not reachable through the gateway and
 * are left out). Every forwarded operation says its service (`x-yuqing-service`); a schema whose name is taken
 * with another shape is renamed `<Context>_<Name>`. Services that did not answer are listed in
 * `x-yuqing-unavailable` with the reason, and the rest of the document is served all the same. Pure.
 */
export function mergeOpenApi(
  own: OpenAPIObject,
  services: readonly ServiceDocument[],
  info: { title: string; description: string },
): OpenAPIObject {
  const merged = structuredClone(own);
  merged.info = { ...merged.info, title: info.title, description: info.description };
  merged.paths = { ...merged.paths };
  merged.components = { ...merged.components, schemas: { ...merged.components?.schemas } };
  const schemas = merged.components.schemas!;
  const available: { context: string; title: string; version: string }[] = [];
  const unavailable: { context: string; reason: string }[] = [];

  for (const service of services) {
    if ('unavailable' in service) {
      unavailable.push({ context: service.context, reason: service.unavailable });
      continue;
    }
    const { context, document } = service;
    const renames = new Map<string, string>();
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      if (name in schemas && JSON.stringify(schemas[name]) !== JSON.stringify(schema))
        renames.set(name, `${capitalised(context)}_${name}`);
    }
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      schemas[renames.get(name) ?? name] = renameRefs(schema, renames) as typeof schema;
    }
    const prefix = `/api/${context}`;
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if ((path !== prefix && !path.startsWith(`${prefix}/`)) || path in merged.paths) continue;
      const operations: Record<string, Json> = {};
      for (const [method, operation] of Object.entries(renameRefs(item, renames) as Record<string, Json>)) {
        operations[method] =
          typeof operation === 'object' && operation !== null && !Array.isArray(operation)
            ? { ...operation, 'x-yuqing-service': context }
            : operation;
      }
      merged.paths[path] = operations as (typeof merged.paths)[string];
    }
    available.push({ context, title: document.info.title, version: document.info.version });
  }
  return {
    ...merged,
    'x-yuqing-services': available,
    'x-yuqing-unavailable': unavailable,
  } as OpenAPIObject;
}
