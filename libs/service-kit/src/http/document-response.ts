import { ServiceUnavailableException, StreamableFile, UnprocessableEntityException } from '@nestjs/common';
import {
  contentDisposition,
  DocumentInputError,
  FontUnavailableError,
  MEDIA_TYPES,
  type DocumentFormat,
} from '@yuqing/documents';

// How a rendered document leaves a service: its media type, a download name (the Chinese title, RFC 5987), and the
// documents library's one-line errors as problem details (never a stack trace).

/** The document as a response body, with its type and download name (`fallback` for clients without RFC 5987). */
export function documentFile(
  content: Buffer | string,
  format: DocumentFormat,
  title: string,
  fallback: string,
): StreamableFile {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return new StreamableFile(bytes, {
    type: MEDIA_TYPES[format],
    disposition: contentDisposition(title, fallback, format),
    length: bytes.length,
  });
}

/**
 * Runs a render: a missing CJK font is the deployment's problem (503, with the file and the fix in one line); a
 * stored record the library cannot lay out is 422 under `rule` (e.g. `reporting.document-not-renderable`), naming
 * the fields. Anything else stays a 500.
 */
export async function rendering<T>(rule: string, render: () => T | Promise<T>): Promise<T> {
  try {
    return await render();
  } catch (error) {
    if (error instanceof FontUnavailableError) {
      throw new ServiceUnavailableException({ message: error.message, code: error.code });
    }
    if (error instanceof DocumentInputError) {
      throw new UnprocessableEntityException({ message: error.message, rule });
    }
    throw error;
  }
}
