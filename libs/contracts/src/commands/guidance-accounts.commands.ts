// Public guidance commands for accounts (HTTP bodies are parsed with these, so a 400 names each bad field).

/** Every public command of guidance's accounts. */
export const guidanceAccountCommands = [] as const;
