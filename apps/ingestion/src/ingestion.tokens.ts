/** Words segmented by the pipeline, handed to the inline projection in the same transaction (no second cut). */
export const WORDS_CACHE = Symbol('WORDS_CACHE');
export const INGESTION_CONFIG = Symbol('INGESTION_CONFIG');
/** The catalogue of known outlets in force (the default, or SOURCE_CATALOGUE_FILE's). */
export const SOURCE_CATALOGUE = Symbol('SOURCE_CATALOGUE');
