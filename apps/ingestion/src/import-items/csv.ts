/**
 * RFC 4180 CSV: quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF or LF, a BOM.
 * Bounded: at most `maxRows` rows. Returns rows as arrays of strings, with the 1-based line each started on.
 */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvError';
  }
}

export function parseCsv(input: string, maxRows = 5000): { line: number; cells: string[] }[] {
  const text = input.replace(/^\ufeff/, '');
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((value) => value !== '')) rows.push({ line: rowLine, cells });
      if (rows.length > maxRows) throw new CsvError(line, `more than ${maxRows} rows`);
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else {
      cell += c;
    }
  }
  if (quoted) throw new CsvError(rowLine, 'a quoted field is not closed');
  cells.push(cell);
  if (cells.some((value) => value !== '')) rows.push({ line: rowLine, cells });
  return rows;
}
