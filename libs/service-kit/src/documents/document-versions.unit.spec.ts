import { canonicalJson, sha256Hex } from './document-versions';

describe('a document model’s identity', () => {
  it('is the same for equal models whatever the order of their keys, and instants given as dates or strings', () => {
    const at = '2026-11-25T02:30:00.000Z';
    const a = { title: '停水', signOff: { status: 'awaiting' }, issuedAt: new Date(at), staff: undefined };
    const b = { issuedAt: at, signOff: { status: 'awaiting' }, title: '停水' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe(
      '{"issuedAt":"2026-11-25T02:30:00.000Z","signOff":{"status":"awaiting"},"title":"停水"}',
    );
  });

  it('changes with any change of the data, including the order of a list', () => {
    const base = { sources: ['宜良论坛', '云南网'], figures: [{ name: '停水天数', value: 3 }] };
    const variants = [
      { ...base, sources: ['云南网', '宜良论坛'] },
      { ...base, figures: [{ name: '停水天数', value: 4 }] },
      { ...base, extra: null },
    ];
    const hash = (model: unknown) => sha256Hex(canonicalJson(model));
    for (const variant of variants) expect(hash(variant)).not.toBe(hash(base));
  });
});
