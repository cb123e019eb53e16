/** The rule a 422 names when a stored record cannot be laid out as a document. */
export const NOT_RENDERABLE = 'reporting.document-not-renderable';
