/**
 * The items a unit already keeps, by canonical address and by content hash: an offered item with either is an
 * exact duplicate. Loaded once per batch for the batch's addresses and hashes; items kept earlier in the same
 * batch are added as they are decided.
 */
export class KnownItems {
  private readonly byKey = new Map<string, string>();

  static from(
    rows: readonly { readonly itemId: string; readonly canonicalUrl: string; readonly contentHash: string }[],
  ): KnownItems {
    const known = new KnownItems();
    for (const row of rows) known.add(row.canonicalUrl, row.contentHash, row.itemId);
    return known;
  }

  /** The item kept with this address or, failing that, these words. */
  duplicateOf(url: string, hash: string): string | undefined {
    return this.byKey.get(`u:${url}`) ?? this.byKey.get(`h:${hash}`);
  }

  add(url: string, hash: string, itemId: string): void {
    this.byKey.set(`u:${url}`, itemId);
    this.byKey.set(`h:${hash}`, itemId);
  }
}
