// Moved to the shared documents library (@yuqing/documents); kept here so reporting's documents and their specs read as before.
export {
  formatPerson,
  idField,
  instantField,
  lineField,
  linesField,
  optionalLineField,
  parseModel,
  personSchema,
  sourceSchema,
  textField,
  urlField,
} from '@yuqing/documents';
export type { Instant, ParsedSource, Person, ReportSource } from '@yuqing/documents';
