// Guidance's requests (see docs/guidance.md). Published on yuqing.guidance.events.v1.

/** Every event of guidance's requests, in lifecycle order (the catalogue lists them). */
export const guidanceRequestEvents = [] as const;
