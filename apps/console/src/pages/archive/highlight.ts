import type { Snippet } from '../../api/types';

export interface Piece {
  readonly text: string;
  readonly marked: boolean;
}

/**
 * A snippet cut into plain and marked pieces by its highlight offsets. The offsets come over the wire: out of
 * order, overlapping or out of bounds ranges are sorted, merged and clamped rather than trusted.
 */
export function piecesOf(snippet: Snippet): Piece[] {
  const { text } = snippet;
  const ranges = snippet.highlights
    .map(([start, end]) => [Math.max(0, start), Math.min(text.length, end)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const pieces: Piece[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) pieces.push({ text: text.slice(at, from), marked: false });
    const last = pieces[pieces.length - 1];
    // A range that touches or overlaps the previous mark extends it.
    if (last?.marked && from === at)
      pieces[pieces.length - 1] = { text: last.text + text.slice(from, end), marked: true };
    else pieces.push({ text: text.slice(from, end), marked: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}
