import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { outletCatalogueSchema } from '@yuqing/contracts';
import {
  DEFAULT_GAZETTEER_PLACES,
  DEFAULT_SOURCE_CATALOGUE,
  type CatalogueOutlet,
  type GazetteerPlace,
} from '@yuqing/ingestion-domain';

// Data a deployment supplies about its own area, each in a JSON file named by a variable: the outlets it knows
// (SOURCE_CATALOGUE_FILE) and its places (GAZETTEER_FILE). Without a file the default (昆明市) serves; a bad file
// stops the service at start with one line naming the variable, the file and the field at fault.

// The catalogue's file format is the shared vocabulary's: grading reads the same file for the city's main sites.
const catalogueFile = outletCatalogueSchema;

const placeName = z.string().min(2).max(50).regex(/^\S+$/u, 'one name without spaces');
const gazetteerFile = z
  .array(
    z.strictObject({
      name: placeName,
      level: z.enum(['city', 'county', 'town', 'landmark']),
      within: placeName.optional(),
      aliases: z.array(placeName).max(10).optional(),
    }),
  )
  .min(1)
  .max(20_000);

function loadJsonFile<T>(variable: string, path: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `${variable} ${path} cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${variable} ${path}: ${issue?.path.join('.') || '(file)'} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return parsed.data;
}

/** The deployment's catalogue of known outlets, or the default one. */
export function loadSourceCatalogue(path: string | undefined): readonly CatalogueOutlet[] {
  return path ? loadJsonFile('SOURCE_CATALOGUE_FILE', path, catalogueFile) : DEFAULT_SOURCE_CATALOGUE;
}

/** The places of the deployment's area (its counties, towns and landmarks), or the default (昆明市). */
export function loadGazetteer(path: string | undefined): readonly GazetteerPlace[] {
  return path ? loadJsonFile('GAZETTEER_FILE', path, gazetteerFile) : DEFAULT_GAZETTEER_PLACES;
}
