// Moved to the shared documents library (@yuqing/documents); kept here so reporting's documents and their specs read as before.
export {
  idField,
  instantField,
  lineField,
  linesField,
  optionalLineField,
  parseModel,
  sourceSchema,
  textField,
  urlField,
} from '@yuqing/documents';
export type { Instant, ParsedSource, ReportSource } from '@yuqing/documents';
