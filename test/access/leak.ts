import mammoth from 'mammoth';
import { uuidv7 } from '@yuqing/event-store';
import { pdfText } from '@yuqing/documents/testing';

// Rows that name no org unit (digests, summaries) and rendered documents (PDF, DOCX, text) escape a check of
// `orgUnit` fields. So the matrix plants a unique marker text in the data of units its callers must never see (a
// sibling county's leader's 批示, which becomes a follow-up task in the digests; an item transferred to another
// city), shows that a caller of that unit does see it, and then searches the text of every answer to the others.

const tag = uuidv7().replace(/-/g, '').slice(-12).toUpperCase();
/** In 石林县 (the sibling county): a leader's instructions, the follow-up task the digests list. */
export const SIBLING_MARKER = `MXLEAKSL${tag}`;
/** In 曲靖市 (another city): the title of an item transferred to it. */
export const CITY_MARKER = `MXLEAKQJ${tag}`;
export const MARKERS = [SIBLING_MARKER, CITY_MARKER] as const;

const documents = new Map<string, Promise<string>>();

/**
 * The text a person would read in an answer: JSON and text as sent, a DOCX's paragraphs, a PDF's text (read back
 * with pdf-parse). A document of one URL is read back once: it is the thing's, whoever may fetch it.
 */
export async function textOf(response: Response, url: string): Promise<string> {
  const type = response.headers.get('content-type') ?? '';
  const pdf = type.includes('application/pdf');
  if (pdf || type.includes('officedocument.wordprocessingml')) {
    const bytes = Buffer.from(await response.arrayBuffer());
    let text = documents.get(url);
    if (!text) {
      text = pdf
        ? pdfText(bytes)
        : mammoth.extractRawText({ buffer: bytes }).then(({ value }: { value: string }) => value);
      documents.set(url, text);
    }
    return text;
  }
  return response.text();
}

/** The markers found in `text`. */
export function markersIn(text: string): string[] {
  return MARKERS.filter((marker) => text.includes(marker));
}

/** Polls `probe` until it returns true or the deadline passes; returns whether it did. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
