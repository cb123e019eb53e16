import { Tag } from 'antd';
import type { ReactNode } from 'react';

// antd's preset tag colours put orange, gold and green text on pale backgrounds below 4.5:1; these tones keep
// the contrast (WCAG AA) while reading the same.
const TONES = {
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  orange: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  gold: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
  blue: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  grey: { color: '#262626', background: '#f5f5f5', borderColor: '#d9d9d9' },
} as const;

export type Tone = keyof typeof TONES;

export function Chip({
  tone = 'grey',
  children,
  dashed = false,
}: {
  tone?: Tone;
  children: ReactNode;
  dashed?: boolean;
}) {
  return <Tag style={{ ...TONES[tone], borderStyle: dashed ? 'dashed' : 'solid' }}>{children}</Tag>;
}
