// Moved to the shared documents library (@yuqing/documents); kept here so reporting's documents and their specs read as before.
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
} from '@yuqing/documents';
