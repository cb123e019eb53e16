// `npm run contracts:generate`: writes docs/events from libs/contracts and removes files that no contract
// produces any more. Run it after changing a contract and commit the result with the change.
import fs from 'node:fs';
import path from 'node:path';
import { listFiles, REPO_ROOT } from './files';
import { DOCS_DIR, renderEventDocs } from './render';

function main(): void {
  const outDir = path.join(REPO_ROOT, DOCS_DIR);
  const files = renderEventDocs();
  let written = 0;
  let removed = 0;

  for (const existing of listFiles(outDir)) {
    if (files.has(existing)) continue;
    fs.rmSync(path.join(outDir, existing));
    removed += 1;
  }
  for (const [relative, content] of files) {
    const target = path.join(outDir, relative);
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === content) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    written += 1;
  }
  process.stdout.write(
    `[contracts] ${DOCS_DIR}: ${files.size} files, ${written} written, ${removed} removed\n`,
  );
}

main();
