/** Injection tokens for the infrastructure every service shares. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const PG_POOL = Symbol('PG_POOL');
export const KAFKA = Symbol('KAFKA');
export const LOGGER = Symbol('LOGGER');
