import { z } from 'zod';
import { requestSchemaOf } from './request-body';

describe('a request body stated from the zod schema the handler parses it with', () => {
  const decide = z.strictObject({
    incidentId: z.string().min(1),
    reason: z.string().min(5).max(500),
    severity: z.enum(['general', 'major', 'serious']).default('general'),
  });

  it('states the fields, their bounds and that no other field is taken, less those the path fills in', () => {
    expect(requestSchemaOf(decide, ['incidentId'])).toEqual({
      type: 'object',
      properties: {
        reason: { type: 'string', minLength: 5, maxLength: 500 },
        severity: { type: 'string', enum: ['general', 'major', 'serious'], default: 'general' },
      },
      // A default makes the field optional in what a client sends (the schema's input, not its output).
      required: ['reason'],
      additionalProperties: false,
    });
  });

  it('drops `required` when the path fills in every required field', () => {
    const onlyPath = z.strictObject({ incidentId: z.string(), note: z.string().optional() });
    expect(requestSchemaOf(onlyPath, ['incidentId'])).not.toHaveProperty('required');
  });
});
