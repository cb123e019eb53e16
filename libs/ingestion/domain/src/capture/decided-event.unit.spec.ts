import { IncidentDetected } from '@yuqing/contracts';
import { capturedFitsContract, decided } from './decided-event';

const fits = {
  title: '标题',
  text: '正文',
  canonicalUrl: 'https://a.cn/1',
  matchedRules: [],
  matchedTerms: ['污染'],
};

describe('decided events (the hot path does not parse twice)', () => {
  it('types an event by its contract without parsing it', () => {
    const data = { incidentId: 'i', title: 't', itemIds: ['a'], detectedAt: 'x', ruleSetVersion: 'v' };
    expect(decided(IncidentDetected, data)).toEqual({
      type: 'ingestion.IncidentDetected',
      schemaVersion: IncidentDetected.schemaVersion,
      data,
    });
  });

  it('lets through a capture that holds the contract by construction', () => {
    expect(capturedFitsContract(fits)).toBe(true);
  });

  it('sends to the full parse a capture whose normalising emptied, lengthened or overfilled a field', () => {
    expect(capturedFitsContract({ ...fits, title: '' })).toBe(false);
    expect(capturedFitsContract({ ...fits, text: '' })).toBe(false);
    expect(capturedFitsContract({ ...fits, canonicalUrl: `https://a.cn/${'x'.repeat(2048)}` })).toBe(false);
    expect(capturedFitsContract({ ...fits, matchedRules: new Array(51).fill({}) })).toBe(false);
    expect(capturedFitsContract({ ...fits, matchedTerms: [''] })).toBe(false);
    expect(capturedFitsContract({ ...fits, matchedTerms: ['x'.repeat(101)] })).toBe(false);
  });
});
