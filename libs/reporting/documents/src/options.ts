import type { FontOptions } from './fonts';

export interface DocumentOptions {
  /** CJK font files for PDFs; defaults to the Debian packages deploy/local/fonts.sh installs. */
  readonly fonts?: FontOptions;
  /** Chinese names for a deployment's own `custom:<slug>` categories. */
  readonly categoryLabels?: Readonly<Record<string, string>>;
}
