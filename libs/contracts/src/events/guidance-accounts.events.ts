// Guidance's accounts (see docs/guidance.md). Published on yuqing.guidance.events.v1.

/** Every event of guidance's accounts, in lifecycle order (the catalogue lists them). */
export const guidanceAccountEvents = [] as const;
