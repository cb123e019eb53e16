import { resolveFonts } from '../fonts';
import type { DocumentOptions } from '../options';
import { renderDocx } from '../render/docx';
import { renderPdf } from '../render/pdf';
import { renderPlain } from '../render/plain';
import { parseBulletin, type BulletinDocument } from './bulletin.model';
import { bulletinOutline } from './bulletin.outline';

/** The 《网上舆情》 bulletin as a PDF with its CJK fonts embedded (subset). */
export async function renderBulletinPdf(
  model: BulletinDocument,
  options: DocumentOptions = {},
): Promise<Buffer> {
  return renderPdf(bulletinOutline(parseBulletin(model), options), resolveFonts(options.fonts));
}

/** The bulletin as a Word document the office can still edit. */
export async function renderBulletinDocx(
  model: BulletinDocument,
  options: DocumentOptions = {},
): Promise<Buffer> {
  return renderDocx(bulletinOutline(parseBulletin(model), options));
}

/** The bulletin as plain text (e-mail body, archive search). */
export function bulletinText(model: BulletinDocument, options: DocumentOptions = {}): string {
  return renderPlain(bulletinOutline(parseBulletin(model), options));
}
