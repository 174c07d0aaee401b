import { describe, expect, it } from 'vitest';
import { GrowingColumns } from '../../src/lib/server/kpi/growing-columns.ts';

// The dashboards' big reads fill these row by row; at 100M events they double many times over. A value lost
// or shifted when they grow would be a wrong figure on every dashboard.
describe('columns filled row by row', () => {
  it('keep every value in order as they grow past their capacity, and take exactly the rows written', () => {
    const cols = new GrowingColumns({ id: 'i32', ms: 'f64', on: 'u8' }, 2);
    for (let n = 0; n < 1000; n++) {
      const i = cols.row();
      cols.columns.id[i] = n;
      cols.columns.ms[i] = n + 0.5;
      cols.columns.on[i] = n % 2;
    }
    const out = cols.take();
    expect(out.id.length).toBe(1000);
    expect(out.id[0]).toBe(0);
    expect(out.id[999]).toBe(999);
    expect(out.ms[513]).toBe(513.5);
    expect([...out.on.slice(0, 4)]).toEqual([0, 1, 0, 1]);
    expect(out.id).toBeInstanceOf(Int32Array);
    expect(out.ms).toBeInstanceOf(Float64Array);
  });

  it('start again empty after clear, without the rows taken before', () => {
    const cols = new GrowingColumns({ id: 'i32' }, 4);
    cols.columns.id[cols.row()] = 7;
    const first = cols.take();
    cols.clear();
    cols.columns.id[cols.row()] = 9;
    expect([...cols.take().id]).toEqual([9]);
    expect([...first.id]).toEqual([7]);
  });
});
