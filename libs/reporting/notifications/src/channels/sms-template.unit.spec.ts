import { renderTemplate, templateVariables } from './sms-template';

describe('SMS templates', () => {
  const template = '【舆情监测】${incident}的${report}将于${dueAt}到期，请及时报送。${incident}';

  it('lists each placeholder once, in order', () => {
    expect(templateVariables(template)).toEqual(['incident', 'report', 'dueAt']);
  });

  it('fills every placeholder with its value', () => {
    const rendered = renderTemplate(template, { incident: '道路塌陷', report: '快报', dueAt: '14:30' });
    expect(rendered).toEqual({
      text: '【舆情监测】道路塌陷的快报将于14:30到期，请及时报送。道路塌陷',
      missing: [],
    });
  });

  it('names the placeholders that have no value and leaves them unfilled', () => {
    const rendered = renderTemplate(template, { incident: '道路塌陷' });
    expect(rendered.missing).toEqual(['report', 'dueAt']);
    expect(rendered.text).toContain('${report}');
  });

  it('does not treat inherited object keys as variables', () => {
    expect(renderTemplate('${constructor}', {}).missing).toEqual(['constructor']);
  });

  it('inserts values literally, even ones that look like placeholders or replacement patterns', () => {
    expect(renderTemplate('${a}', { a: '$& ${b}' }).text).toBe('$& ${b}');
  });
});
