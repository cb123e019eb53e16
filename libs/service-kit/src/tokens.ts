/** Injection tokens for the infrastructure every service shares. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const PG_POOL = Symbol('PG_POOL');
export const KAFKA = Symbol('KAFKA');
export const LOGGER = Symbol('LOGGER');
/** The service's name (`grading`, `gateway`, …): the default prefix of its consumer groups. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
