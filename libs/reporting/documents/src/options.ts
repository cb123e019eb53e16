import type { FontOptions } from './fonts';

export interface DocumentOptions {
  /** CJK font files for PDFs; defaults to the Debian packages deploy/local/fonts.sh installs. */
  readonly fonts?: FontOptions;
  /** Chinese names for a deployment's own `custom:<slug>` categories. */
  readonly categoryLabels?: Readonly<Record<string, string>>;
}

/**
 * The layout of each document, as a version: a document version is its data under one template, so a change to a
 * document's layout (its outline or renderers) bumps its entry here and later downloads become new versions, while
 * every version already issued keeps its bytes.
 */
export const DOCUMENT_TEMPLATES = {
  bulletin: 'bulletin@1',
  flashReport: 'flash-report@1',
} as const;
