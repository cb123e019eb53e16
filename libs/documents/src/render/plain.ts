import type { Block, Outline } from './outline';

// The outline as plain text: for e-mail, IM and reading aloud over the phone. No markup, so nothing to escape.

export function renderPlain(outline: Outline): string {
  return outline.blocks
    .map(plainBlock)
    .filter((s) => s.length > 0)
    .join('\n\n');
}

function plainBlock(block: Block): string {
  switch (block.kind) {
    case 'masthead':
      return [block.marking, block.name, block.issueNumber, `${block.office}　${block.date}`]
        .filter((s): s is string => Boolean(s))
        .join('\n');
    case 'signOff':
      return block.signed
        ? `领导批示：${block.signed.instructions}${block.signed.continued ? '（批示全文附后）' : ''}\n签批人：${block.signed.leader}　${block.signed.date}`
        : '领导批示：（待签批）';
    case 'title':
      return block.subtitle ? `${block.text}\n${block.subtitle}` : block.text;
    case 'fields':
      return block.items.map((f) => `${f.label}：${f.value}`).join('\n');
    case 'heading':
      return block.text;
    case 'paragraphs':
      return block.texts.map((t) => `　　${t}`).join('\n');
    case 'list':
      return block.items
        .map((item, i) => `${i + 1}. ${item.text}${item.detail ? `\n   ${item.detail}` : ''}`)
        .join('\n');
    case 'table':
      return [block.columns.map((c) => c.header), ...block.rows].map((row) => row.join(' | ')).join('\n');
    case 'colophon':
      return [
        block.reportTo.length > 0 ? `报：${block.reportTo.join('，')}` : '',
        block.copyTo.length > 0 ? `抄送：${block.copyTo.join('，')}` : '',
        block.staff ?? '',
        `${block.office}　${block.printed}`,
      ]
        .filter((s) => s.length > 0)
        .join('\n');
  }
}
