// Test helpers of the documents library (`@yuqing/documents/testing`), for tests only: reading a rendered PDF or
// DOCX back as a recipient's tools would.
export { docxEntries, pdfText } from './read-back';
