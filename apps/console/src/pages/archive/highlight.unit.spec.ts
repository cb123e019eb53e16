import { describe, expect, it } from '@jest/globals';
import { piecesOf } from './highlight';

describe('a library snippet cut into marked pieces', () => {
  it('marks the matched ranges and keeps the text between them', () => {
    expect(piecesOf({ text: '宜良县夜市噪音扰民', highlights: [[5, 7]] })).toEqual([
      { text: '宜良县夜市', marked: false },
      { text: '噪音', marked: true },
      { text: '扰民', marked: false },
    ]);
  });

  it('keeps markup in the text as text, whatever the offsets', () => {
    const text = '<img src=x onerror=alert(1)>噪音';
    const pieces = piecesOf({ text, highlights: [[28, 30]] });
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces[1]).toEqual({ text: '噪音', marked: true });
  });

  it('sorts, merges and clamps ranges it cannot trust', () => {
    expect(
      piecesOf({
        text: 'abcdef',
        highlights: [
          [4, 99],
          [0, 2],
          [1, 3],
          [-5, 0],
          [3, 3],
        ],
      }),
    ).toEqual([
      { text: 'abc', marked: true },
      { text: 'd', marked: false },
      { text: 'ef', marked: true },
    ]);
  });

  it('is the whole text, unmarked, without highlights', () => {
    expect(piecesOf({ text: '无匹配', highlights: [] })).toEqual([{ text: '无匹配', marked: false }]);
  });
});
