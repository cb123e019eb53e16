// Public guidance commands for requests (HTTP bodies are parsed with these, so a 400 names each bad field).

/** Every public command of guidance's requests. */
export const guidanceRequestCommands = [] as const;
