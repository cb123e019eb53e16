// Moved to the shared documents library (@yuqing/documents); kept here so reporting's documents and their specs read as before.
export { docxEntries, pdfText } from '@yuqing/documents/testing';
