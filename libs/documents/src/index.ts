// The documents library of every context: an outline of blocks laid out as a Chinese official document
// (GB/T 9704-2012) in PDF and DOCX, or as plain text; the CJK fonts; cleaning and bounding of hostile text; the
// building blocks of input models; dates and vocabularies as documents write them. Pure rendering: no clock, no
// I/O but the font files. Each context keeps its own documents (reporting's bulletin, guidance's press release).

export type { Block, Column, Field, ListItem, Outline } from './render/outline';
export { SIGN_OFF_BOX_MAX } from './render/outline';
export { renderPdf, OFFICIAL_RED } from './render/pdf';
export { DOCX_FONTS, renderDocx } from './render/docx';
export { renderPlain } from './render/plain';
export { contentDisposition, MEDIA_TYPES } from './download';
export type { DocumentFormat } from './download';

export { DEFAULT_FONTS, fontMissing, loadFontFile, resolveFonts } from './fonts';
export type { DocumentFonts, FontFace, FontOptions } from './fonts';
export { DocumentInputError, FontUnavailableError } from './errors';

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
} from './model';
export type { Instant, ParsedSource, Person, ReportSource } from './model';

export { cleanLine, cleanText, codePointLength, ELLIPSIS, paragraphsOf, truncate } from './text/clean';
export {
  categoryLabel,
  chineseNumeral,
  DOCUMENT_TIME_ZONE,
  formatCount,
  formatDate,
  formatDateTime,
  formatIssueNumber,
  formatMonthDay,
  formatShortDateTime,
  gradeLabel,
  gradeShortLabel,
  platformLabel,
  reportKindLabel,
} from './text/format';
