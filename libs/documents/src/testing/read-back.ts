import { execFile } from 'node:child_process';
import { strFromU8, unzipSync } from 'fflate';

// Test helpers that read rendered documents back the way a recipient's tools would.

/**
 * The text of a PDF, extracted with pdf-parse (pdf.js). It runs in a child Node process: pdf.js loads its worker
 * with a dynamic import(), which Jest's CommonJS module VM refuses without --experimental-vm-modules; plain Node
 * is the environment pdf-parse supports.
 */
export function pdfText(pdf: Buffer): Promise<string> {
  const script = [
    "const { PDFParse } = require('pdf-parse');",
    'const chunks = [];',
    "process.stdin.on('data', (c) => chunks.push(c));",
    "process.stdin.on('end', async () => {",
    '  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });',
    '  try { process.stdout.write(JSON.stringify((await parser.getText()).text)); }',
    '  finally { await parser.destroy(); }',
    '});',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', script],
      { cwd: __dirname, maxBuffer: 64 * 1024 * 1024, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`pdf-parse failed: ${stderr || error.message}`));
        resolve(JSON.parse(stdout) as string);
      },
    );
    child.stdin?.end(pdf);
  });
}

/** The entries of a DOCX (a zip), as text. */
export function docxEntries(docx: Buffer): Record<string, string> {
  const files = unzipSync(new Uint8Array(docx));
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}
