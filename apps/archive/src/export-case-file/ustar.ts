// A minimal POSIX ustar writer for the exported case file. Written here rather than taken from npm: the archive
// holds three small files with fixed ASCII names, so the format needed is ~50 lines (no long names, links or
// pax headers), and an auditor opens it with any `tar -xf` or 7-Zip. No dependency to vet or keep updated.

const BLOCK = 512;
/** tar's conventional record: readers (GNU tar, bsdtar) expect the archive to end on a 10240-byte boundary. */
const RECORD = 20 * BLOCK;

export interface TarFile {
  /** A plain ASCII file name, no directories (the exporter's own names only). */
  readonly name: string;
  readonly content: Buffer;
  readonly modifiedAt: Date;
}

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as ustar wants.
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(file: TarFile): Buffer {
  if (!/^[A-Za-z0-9._-]{1,99}$/.test(file.name)) throw new Error(`tar: unsupported file name ${file.name}`);
  const block = Buffer.alloc(BLOCK, 0);
  const put = (text: string, offset: number): void => {
    block.write(text, offset, 'ascii');
  };
  put(file.name, 0);
  put(octal(0o644, 8), 100); // mode
  put(octal(0, 8), 108); // uid
  put(octal(0, 8), 116); // gid
  put(octal(file.content.length, 12), 124);
  put(octal(Math.floor(file.modifiedAt.getTime() / 1000), 12), 136);
  put('        ', 148); // checksum field counts as spaces while summing
  put('0', 156); // regular file
  put('ustar\0', 257);
  put('00', 263);
  put('yuqing', 265); // uname
  put('yuqing', 297); // gname
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

/** The files as one ustar archive, in the order given. */
export function tar(files: readonly TarFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(header(file), file.content);
    const padding = (BLOCK - (file.content.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding, 0));
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0)); // end of archive
  const length = parts.reduce((n, part) => n + part.length, 0);
  const tail = (RECORD - (length % RECORD)) % RECORD;
  if (tail > 0) parts.push(Buffer.alloc(tail, 0));
  return Buffer.concat(parts);
}
