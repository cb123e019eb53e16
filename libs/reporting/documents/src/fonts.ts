// Moved to the shared documents library (@yuqing/documents); kept here so reporting's documents and their specs read as before.
export { DEFAULT_FONTS, fontMissing, loadFontFile, resolveFonts } from '@yuqing/documents';
export type { DocumentFonts, FontFace, FontOptions } from '@yuqing/documents';
