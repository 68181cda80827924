// The lower-cased text a search looks in, one string per row, made once per list. Made in slices
// while the page is idle (all rows at once are a long task, decision 0009), and on demand for rows
// a search needs before the idle slices reach them, so a search is never wrong or blocked.

export class SearchIndex<T> {
  private readonly texts: string[] = [];
  private next = 0;

  constructor(
    private readonly rows: readonly T[],
    private readonly textOf: (row: T) => string,
  ) {}

  text(i: number): string {
    return (this.texts[i] ??= this.textOf(this.rows[i]!).toLowerCase());
  }

  /** Rows matching a lower-cased needle, in order. */
  matching(needle: string): T[] {
    return this.rows.filter((_, i) => this.text(i).includes(needle));
  }

  /** Fills rows while the deadline allows (an IdleDeadline); true once every row is made. */
  fill(deadline: { timeRemaining(): number }): boolean {
    // One slice at least, as FolderTree.fill: a busy machine may offer no idle time at all.
    do {
      const end = Math.min(this.next + 256, this.rows.length);
      for (; this.next < end; this.next++) this.text(this.next);
    } while (this.next < this.rows.length && deadline.timeRemaining() > 1);
    return this.next >= this.rows.length;
  }
}
