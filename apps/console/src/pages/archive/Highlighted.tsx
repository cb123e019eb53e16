import type { Snippet } from '../../api/types';
import { piecesOf } from './highlight';

/**
 * A snippet with its matched ranges in <mark>. The text is captured or typed content (hostile): each piece is a
 * React text child, never HTML.
 */
export function Highlighted({ snippet }: { snippet: Snippet }) {
  return (
    <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {piecesOf(snippet).map((piece, index) =>
        piece.marked ? <mark key={index}>{piece.text}</mark> : <span key={index}>{piece.text}</span>,
      )}
    </span>
  );
}
