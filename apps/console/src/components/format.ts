// Pure formatting helpers of the console (tested in format.unit.spec.ts).

const two = (n: number) => String(n).padStart(2, '0');

/** A countdown's text: mm:ss under an hour, `h 小时 mm 分` under two days, `d 天 h 小时` beyond. */
export function formatRemaining(seconds: number): string {
  const abs = Math.abs(Math.trunc(seconds));
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  if (h === 0) return `${two(m)}:${two(s)}`;
  if (h < 48) return `${h} 小时 ${two(m)} 分`;
  return `${Math.floor(h / 24)} 天 ${h % 24} 小时`;
}

/** Only http(s) addresses become links: a captured `javascript:` or `data:` URL stays inert text. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
