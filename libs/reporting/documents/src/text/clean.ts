// Moved to the shared documents library (@yuqing/documents); kept here so reporting's documents and their specs read as before.
export { cleanLine, cleanText, codePointLength, ELLIPSIS, paragraphsOf, truncate } from '@yuqing/documents';
