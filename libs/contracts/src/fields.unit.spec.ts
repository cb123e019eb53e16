import { figures } from './fields';

describe('figures (统一数据, 核实的数据)', () => {
  const schema = figures('Figures.');
  const paths = (value: unknown) =>
    schema.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];

  it('takes named figures with an optional unit, fractions and negatives included', () => {
    expect(
      schema.parse([
        { name: '受伤人数', value: 3, unit: '人' },
        { name: '直接经济损失', value: 12.5, unit: '万元' },
        { name: '水位变化', value: -0.4 },
      ]),
    ).toHaveLength(3);
  });

  it('refuses a value that is not finite and a name over 200 characters, at their paths', () => {
    expect(
      paths([
        { name: '受伤人数', value: Number.POSITIVE_INFINITY },
        { name: '人'.repeat(201), value: 1 },
        { name: '死亡人数', value: Number.NaN },
      ]),
    ).toEqual(['0.value', '1.name', '2.value']);
  });

  it('refuses a name stated twice (spaces around it do not make it another), at the second one', () => {
    const result = schema.safeParse([
      { name: '受伤人数', value: 3 },
      { name: '受损车辆', value: 2 },
      { name: ' 受伤人数 ', value: 4 },
    ]);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: [2, 'name'], message: expect.stringContaining('受伤人数') }),
    ]);
  });

  it('refuses more than 50 figures', () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ name: `第${i}项`, value: i }));
    expect(schema.safeParse(many).success).toBe(false);
    expect(schema.safeParse(many.slice(0, 50)).success).toBe(true);
  });
});
