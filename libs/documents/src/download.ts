// How a rendered document is offered for download: its media type and a name (the Chinese title, RFC 5987) that is
// safe on every desktop. Pure; each service wraps it in its own HTTP response.

export const MEDIA_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  text: 'text/plain; charset=utf-8',
} as const;
export type DocumentFormat = keyof typeof MEDIA_TYPES;

const EXTENSIONS: Record<DocumentFormat, string> = { pdf: 'pdf', docx: 'docx', text: 'txt' };

/** A file name safe on every desktop: no path separators, quotes, control or reserved characters; bounded. */
function safeName(name: string): string {
  const cleaned = Array.from(
    name
      .normalize('NFC')
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
      .replace(/[\\/:*?"<>|]/g, '_')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return cleaned.slice(0, 80).join('') || 'document';
}

/** RFC 5987 ext-value: UTF-8, percent-encoded beyond attr-char. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `attachment; filename="<ascii fallback>"; filename*=UTF-8''<title>`: browsers that read RFC 6266 save it under
 * the Chinese title, older clients under the ASCII name.
 */
export function contentDisposition(title: string, fallback: string, format: DocumentFormat): string {
  const extension = EXTENSIONS[format];
  const ascii = fallback.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${rfc5987(`${safeName(title)}.${extension}`)}`;
}
