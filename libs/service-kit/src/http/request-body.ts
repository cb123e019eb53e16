import { ApiBody } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/**
 * The JSON Schema of what a request body may hold, from the very zod schema the handler parses it with (as it is
 * accepted, before any transform), less the fields the route fills in from its path.
 */
export function requestSchemaOf(schema: z.ZodType, fromPath: readonly string[] = []): SchemaObject {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'openapi-3.0',
  }) as Record<string, unknown>;
  delete json['$schema'];
  if (fromPath.length > 0) {
    const properties = { ...(json['properties'] as Record<string, unknown> | undefined) };
    for (const field of fromPath) delete properties[field];
    json['properties'] = properties;
    const required = (json['required'] as string[] | undefined)?.filter((field) => !fromPath.includes(field));
    if (required && required.length > 0) json['required'] = required;
    else delete json['required'];
  }
  return json as SchemaObject;
}

/**
 * States the request body of an operation in its OpenAPI document: the contract the handler parses it with
 * (`Contract.parse(body)`), less the fields taken from the path (`{ ...body, incidentId }`), so that the document
 * accepts what the service accepts and refuses what it refuses.
 */
export function RequestBody(
  contract: { readonly schema: z.ZodType },
  fromPath: readonly string[] = [],
): MethodDecorator {
  return ApiBody({ required: true, schema: requestSchemaOf(contract.schema, fromPath) });
}
