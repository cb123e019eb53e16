import { contentDisposition, DocumentInputError, FontUnavailableError } from '@yuqing/documents';
import { documentFile, rendering } from './document-response';
import { problemFor } from './problem-details.filter';

describe('document responses', () => {
  it('names the download after the Chinese title per RFC 5987, with an ASCII fallback', () => {
    expect(contentDisposition('关于“停水”的舆情 (续)', 'bulletin-01', 'pdf')).toBe(
      `attachment; filename="bulletin-01.pdf"; filename*=UTF-8''` +
        `%E5%85%B3%E4%BA%8E%E2%80%9C%E5%81%9C%E6%B0%B4%E2%80%9D%E7%9A%84%E8%88%86%E6%83%85%20%28%E7%BB%AD%29.pdf`,
    );
  });

  it('keeps path separators, quotes and bidi overrides out of the file name', () => {
    const header = contentDisposition('../a"b\u202Egpj.exe\r\n', 'x"y', 'docx');
    expect(header).toMatch(/^attachment; filename="x_y\.docx"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(decodeURIComponent(header.split("''")[1]!)).toBe('.._a_bgpj.exe.docx');
  });

  it('answers a missing CJK font with 503 and the library’s one-line reason, never a stack', async () => {
    const missing = new FontUnavailableError(
      '/usr/share/fonts/truetype/arphic/uming.ttc',
      'CJK font file missing: /usr/share/fonts/truetype/arphic/uming.ttc (serif font UMingCN); run `npm run infra:up`',
    );
    const error = await rendering('reporting.document-not-renderable', () => Promise.reject(missing)).catch(
      (e: unknown) => e,
    );
    const problem = problemFor(error, '/api/reporting/bulletins/b/document.pdf');
    expect(problem).toMatchObject({
      status: 503,
      detail: missing.message,
      code: 'DOCUMENT_FONT_UNAVAILABLE',
    });
    expect(JSON.stringify(problem)).not.toMatch(/\n\s+at /);
  });

  it('answers a stored record the library cannot lay out with 422 naming the fields', async () => {
    const invalid = new DocumentInputError('bulletin document', [{ path: 'title', message: 'empty' }]);
    const error = await rendering('reporting.document-not-renderable', () => {
      throw invalid;
    }).catch((e: unknown) => e);
    expect(problemFor(error, '/x')).toMatchObject({
      status: 422,
      detail: 'invalid bulletin document: title: empty',
      rule: 'reporting.document-not-renderable',
    });
  });

  it('sends text as UTF-8 bytes with its length and the document’s media type', () => {
    const file = documentFile('舆情日报', 'text', '日报', 'digest');
    expect(file.getHeaders()).toMatchObject({
      type: 'text/plain; charset=utf-8',
      length: Buffer.byteLength('舆情日报', 'utf8'),
    });
  });
});
