// The file-system side of the generator, kept out of render.ts so rendering stays pure.
import fs from 'node:fs';
import path from 'node:path';

/** The repository root (this file is tools/contracts/files.ts). */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** Every file under `dir`, as sorted `/`-separated paths relative to it; none when `dir` does not exist. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else found.push(child);
    }
  };
  walk('');
  return found.sort();
}
