// The documents of the reporting service (报送): the flash report (快报), the 《网上舆情》 bulletin, and the daily
// and weekly digests. Pure rendering: models in, text or bytes out; no clock, no I/O but the font files.

export { bulletinText, renderBulletinDocx, renderBulletinPdf } from './bulletin/bulletin';
export { BULLETIN_LIMITS, bulletinDocumentSchema, parseBulletin } from './bulletin/bulletin.model';
export type { BulletinDocument, BulletinSignOff, ParsedBulletin } from './bulletin/bulletin.model';

export { FLASH_REPORT_SHORT_MAX, flashReportText, renderFlashReportPdf } from './flash-report/flash-report';
export type { FlashReportTextOptions } from './flash-report/flash-report';
export { FLASH_REPORT_LIMITS, flashReportSchema, parseFlashReport } from './flash-report/flash-report.model';
export type { FlashReport, ParsedFlashReport } from './flash-report/flash-report.model';

export { digestText, renderDigestDocx, renderDigestPdf } from './digest/digest';
export { DIGEST_LIMITS, digestSchema, parseDigest } from './digest/digest.model';
export type {
  Digest,
  DigestIncident,
  DigestNotableItem,
  DigestObligation,
  ParsedDigest,
} from './digest/digest.model';
export { GRADE_BUCKETS, summariseDigest } from './digest/digest.summary';
export type { DigestSummary, GradeBucket, ObligationStatus } from './digest/digest.summary';

export { formatPerson } from './model';
export type { Instant, Person, ReportSource } from './model';
export { DOCUMENT_TEMPLATES } from './options';
export type { DocumentOptions } from './options';
export { DEFAULT_FONTS, resolveFonts } from './fonts';
export type { DocumentFonts, FontFace, FontOptions } from './fonts';
export { DOCX_FONTS } from './render/docx';
export { DocumentInputError, FontUnavailableError } from './errors';
export { DOCUMENT_TIME_ZONE, formatDateTime, formatIssueNumber } from './text/format';
