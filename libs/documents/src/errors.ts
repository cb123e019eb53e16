// Errors a caller can show as they are: one line, no stack, no echo of the (hostile) input.

/** The input model is not a document we can render (a missing field, a bad date). */
export class DocumentInputError extends Error {
  readonly code = 'DOCUMENT_INPUT_INVALID';
  constructor(
    readonly document: string,
    readonly problems: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(
      `invalid ${document}: ` +
        problems
          .slice(0, 5)
          .map((p) => `${p.path || '(root)'}: ${p.message}`)
          .join('; ') +
        (problems.length > 5 ? `; and ${problems.length - 5} more` : ''),
    );
    this.name = 'DocumentInputError';
  }
}

/** A CJK font file the PDF needs is missing or unreadable; the message names the file and the fix. */
export class FontUnavailableError extends Error {
  readonly code = 'DOCUMENT_FONT_UNAVAILABLE';
  constructor(
    readonly fontPath: string,
    message: string,
  ) {
    super(message);
    this.name = 'FontUnavailableError';
  }
}
