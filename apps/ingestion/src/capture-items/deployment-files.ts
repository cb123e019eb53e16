import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { platform, reachTier } from '@yuqing/contracts';
import { DEFAULT_SOURCE_CATALOGUE, type CatalogueOutlet } from '@yuqing/ingestion-domain';

const catalogueFile = z
  .array(
    z.strictObject({
      name: z.string().min(1).max(200),
      hosts: z
        .array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a lower-case host name such as people.com.cn'))
        .min(1)
        .max(20),
      platform,
      reachTier,
    }),
  )
  .max(5000);

/** The deployment's catalogue of known outlets, or the default one; a bad file stops the service with its reason. */
export function loadSourceCatalogue(path: string | undefined): readonly CatalogueOutlet[] {
  if (!path) return DEFAULT_SOURCE_CATALOGUE;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `SOURCE_CATALOGUE_FILE ${path} cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = catalogueFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `SOURCE_CATALOGUE_FILE ${path}: ${issue?.path.join('.') || '(file)'} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return parsed.data;
}
