// The largest dashboard reads (rollup days, awareness and progress rows: millions at 100M events) are walked row
// by row (`iterate`) into typed arrays. Collected with `.all()` first, the rows were one array each: about
// 90 bytes a row held at once on top of the columns (1.2 GB for the 2.7M progress rows at 100M), and the
// process kept that memory after the read. Iterating was no slower (563–599 ms against 639–665 ms for 1.4M rows).
type Column = Int32Array | Float64Array | Uint8Array;
type ColumnKinds = Record<string, 'i32' | 'f64' | 'u8'>;
type Columns<K extends ColumnKinds> = { [C in keyof K]: K[C] extends 'i32' ? Int32Array : K[C] extends 'f64' ? Float64Array : Uint8Array };

const make = (kind: 'i32' | 'f64' | 'u8', n: number): Column => (kind === 'i32' ? new Int32Array(n) : kind === 'f64' ? new Float64Array(n) : new Uint8Array(n));

/** Columns of a row count not known in advance: `row()` gives the next row's index (capacity doubles as needed). */
export class GrowingColumns<K extends ColumnKinds> {
  length = 0;
  columns: Columns<K>;
  private readonly kinds: K;
  private readonly names: string[];
  private capacity: number;

  constructor(kinds: K, capacity = 1024) {
    this.kinds = kinds;
    this.names = Object.keys(kinds);
    this.capacity = capacity;
    this.columns = this.allocate(capacity);
  }

  /** Index of a new row at the end; write its values into `columns` at that index. */
  row(): number {
    if (this.length === this.capacity) {
      const bigger = this.allocate((this.capacity *= 2));
      for (const name of this.names) (bigger[name] as Column).set(this.columns[name] as Column);
      this.columns = bigger;
    }
    return this.length++;
  }

  /** The rows so far, in arrays of exactly their length (copies: the builder can be reused after `clear`). */
  take(): Columns<K> {
    const out = {} as Record<string, Column>;
    for (const name of this.names) out[name] = (this.columns[name] as Column).slice(0, this.length);
    return out as Columns<K>;
  }

  clear(): void {
    this.length = 0;
  }

  private allocate(n: number): Columns<K> {
    const out = {} as Record<string, Column>;
    for (const [name, kind] of Object.entries(this.kinds)) out[name] = make(kind, n);
    return out as Columns<K>;
  }
}
