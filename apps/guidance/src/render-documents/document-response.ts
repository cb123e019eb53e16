import { ServiceUnavailableException, StreamableFile, UnprocessableEntityException } from '@nestjs/common';
import {
  contentDisposition,
  DocumentInputError,
  FontUnavailableError,
  MEDIA_TYPES,
  type DocumentFormat,
} from '@yuqing/documents';

// How a rendered document leaves guidance: its media type, a download name (the Chinese title, RFC 5987), and the
// library's one-line errors as problem details (never a stack trace).

/** The document as a response body, with its type and download name. */
export function documentFile(
  content: Buffer,
  format: DocumentFormat,
  title: string,
  fallback: string,
): StreamableFile {
  return new StreamableFile(content, {
    type: MEDIA_TYPES[format],
    disposition: contentDisposition(title, fallback, format),
    length: content.length,
  });
}

/** Runs a render: a missing CJK font is the deployment's problem (503, one line with the fix). */
export async function rendering<T>(render: () => T | Promise<T>): Promise<T> {
  try {
    return await render();
  } catch (error) {
    if (error instanceof FontUnavailableError) {
      throw new ServiceUnavailableException({ message: error.message, code: error.code });
    }
    if (error instanceof DocumentInputError) {
      throw new UnprocessableEntityException({
        message: error.message,
        rule: 'guidance.document-not-renderable',
      });
    }
    throw error;
  }
}
