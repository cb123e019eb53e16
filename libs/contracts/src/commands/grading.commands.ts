import { z } from 'zod';
import { defineCommand } from '../define';
import { id, text } from '../fields';
import { grade } from '../vocabulary';

// Public grading commands: the grading authority's (定级机关) decisions.

export const ConfirmGrade = defineCommand({
  context: 'grading',
  name: 'ConfirmGrade',
  version: 1,
  description:
    'Confirm the proposed grade of an incident (确认定级, 第四条); the grade must equal the proposal.',
  payload: z.strictObject({
    incidentId: id('The incident.'),
    proposalId: id('The proposal being confirmed.'),
    grade,
    note: text('Remarks of the grading authority.', 2000).optional(),
  }),
});

/** Every public grading command. */
export const gradingCommands = [ConfirmGrade] as const;
