import { readFileSync } from 'node:fs';
import { FontUnavailableError } from './errors';

// PDFs embed (subset) their fonts, so a reader without Chinese fonts still sees the text. The faces come from
// Debian packages that deploy/local/fonts.sh installs: AR PL UMing (明体, standing in for 小标宋/仿宋) and
// WenQuanYi Zen Hei (黑体).

/** A font inside a file; `family` is the PostScript name inside a collection (.ttc). */
export interface FontFace {
  readonly path: string;
  readonly family: string;
}

/** The two faces a document uses: serif for the title and body, sans for level-one headings. */
export interface DocumentFonts {
  readonly serif: FontFace;
  readonly sans: FontFace;
}

export const DEFAULT_FONTS: DocumentFonts = {
  serif: { path: '/usr/share/fonts/truetype/arphic/uming.ttc', family: 'UMingCN' },
  sans: { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
};

/** Which Debian package ships each default file, for the fix in the error message. */
const PACKAGES: Readonly<Record<string, string>> = {
  [DEFAULT_FONTS.serif.path]: 'fonts-arphic-uming',
  [DEFAULT_FONTS.sans.path]: 'fonts-wqy-zenhei',
};

/** Overrides for one face or both; unspecified faces keep the defaults. */
export interface FontOptions {
  readonly serif?: FontFace;
  readonly sans?: FontFace;
}

export function resolveFonts(options: FontOptions = {}): DocumentFonts {
  return { serif: options.serif ?? DEFAULT_FONTS.serif, sans: options.sans ?? DEFAULT_FONTS.sans };
}

function fixFor(path: string): string {
  const pkg = PACKAGES[path];
  return pkg
    ? `run \`npm run infra:up\` (deploy/local/fonts.sh) or \`apt-get install ${pkg}\``
    : 'install the font or point the document options at an existing file';
}

export function fontMissing(
  role: keyof DocumentFonts,
  face: FontFace,
  reason?: string,
): FontUnavailableError {
  const what = reason ? `${reason}: ${face.path}` : `CJK font file missing: ${face.path}`;
  return new FontUnavailableError(face.path, `${what} (${role} font ${face.family}); ${fixFor(face.path)}`);
}

// The files are 16–21 MB; read each once per process rather than once per document.
const cache = new Map<string, Buffer>();

/** The font file's bytes, or a FontUnavailableError naming the file and the fix. */
export function loadFontFile(role: keyof DocumentFonts, face: FontFace): Buffer {
  const cached = cache.get(face.path);
  if (cached) return cached;
  let data: Buffer;
  try {
    data = readFileSync(face.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fontMissing(
      role,
      face,
      code === 'ENOENT' ? undefined : `CJK font file unreadable (${code ?? 'error'})`,
    );
  }
  cache.set(face.path, data);
  return data;
}
