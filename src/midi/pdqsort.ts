// Orson Peters' pattern-defeating quicksort (pdqsort_branchless), the unstable sort symusic uses to order
// tempo and time-signature events by time. Ported step for step so events that share a tick end
// up in the same order as in symusic, which MidiTok then relies on ("last tempo at a tick wins").
// Heap-sort fallback omitted: it needs log2(n) badly unbalanced partitions, impossible for the
// already nearly sorted event lists read from files; we fall back to a stable sort in that case.

export function pdqsort<T>(items: T[], key: (x: T) => number): T[] {
  const a = items.slice();
  const less = (i: number, j: number) => key(a[i]) < key(a[j]);
  const lessV = (x: T, y: T) => key(x) < key(y);
  const swap = (i: number, j: number) => { const t = a[i]; a[i] = a[j]; a[j] = t; };

  const insertion = (b: number, e: number, guarded: boolean) => {
    for (let cur = b + 1; cur < e; cur++) {
      let sift = cur;
      if (less(sift, sift - 1)) {
        const tmp = a[sift];
        do { a[sift] = a[sift - 1]; sift--; } while ((!guarded || sift !== b) && lessV(tmp, a[sift - 1]));
        a[sift] = tmp;
      }
    }
  };
  const partialInsertion = (b: number, e: number): boolean => {
    let limit = 0;
    for (let cur = b + 1; cur < e; cur++) {
      let sift = cur;
      if (less(sift, sift - 1)) {
        const tmp = a[sift];
        do { a[sift] = a[sift - 1]; sift--; } while (sift !== b && lessV(tmp, a[sift - 1]));
        a[sift] = tmp;
        limit += cur - sift;
      }
      if (limit > 8) return false;
    }
    return true;
  };
  const sort2 = (x: number, y: number) => { if (less(y, x)) swap(x, y); };
  const sort3 = (x: number, y: number, z: number) => { sort2(x, y); sort2(y, z); sort2(x, y); };
  // partition_right_branchless: block partitioning with offset buffers (block size 64).
  const partitionRight = (b: number, e: number): [number, boolean] => {
    const pivot = a[b];
    let first = b + 1;
    let last = e;
    while (lessV(a[first], pivot)) first++;
    if (first - 1 === b) {
      while (first < last) { last--; if (lessV(a[last], pivot)) break; }
    } else {
      last--;
      while (!lessV(a[last], pivot)) last--;
    }
    const already = first >= last;
    if (!already) {
      swap(first, last);
      first++;
      const BS = 64;
      const offL = new Array<number>(BS + 1).fill(0);
      const offR = new Array<number>(BS + 1).fill(0);
      let lBase = first;
      let rBase = last;
      let numL = 0;
      let numR = 0;
      let startL = 0;
      let startR = 0;
      while (first < last) {
        const unknown = last - first;
        const lSplit = numL === 0 ? (numR === 0 ? Math.floor(unknown / 2) : unknown) : 0;
        const rSplit = numR === 0 ? unknown - lSplit : 0;
        const nl = lSplit >= BS ? BS : lSplit;
        for (let i = 0; i < nl; i++) { offL[numL] = i; numL += lessV(a[first], pivot) ? 0 : 1; first++; }
        const nr = rSplit >= BS ? BS : rSplit;
        for (let i = 0; i < nr; i++) { offR[numR] = i + 1; last--; numR += lessV(a[last], pivot) ? 1 : 0; }
        const num = Math.min(numL, numR);
        if (numL === numR) {
          for (let i = 0; i < num; i++) swap(lBase + offL[startL + i], rBase - offR[startR + i]);
        } else if (num > 0) {
          let l = lBase + offL[startL];
          let r = rBase - offR[startR];
          const tmp = a[l];
          a[l] = a[r];
          for (let i = 1; i < num; i++) {
            l = lBase + offL[startL + i];
            a[r] = a[l];
            r = rBase - offR[startR + i];
            a[l] = a[r];
          }
          a[r] = tmp;
        }
        numL -= num; numR -= num; startL += num; startR += num;
        if (numL === 0) { startL = 0; lBase = first; }
        if (numR === 0) { startR = 0; rBase = last; }
      }
      if (numL) {
        while (numL) { numL--; last--; swap(lBase + offL[startL + numL], last); }
        first = last;
      }
      if (numR) {
        while (numR) { numR--; swap(rBase - offR[startR + numR], first); first++; }
        last = first;
      }
    }
    const pp = first - 1;
    a[b] = a[pp];
    a[pp] = pivot;
    return [pp, already];
  };
  const partitionLeft = (b: number, e: number): number => {
    const pivot = a[b];
    let first = b;
    let last = e - 1;
    while (lessV(pivot, a[last])) last--;
    if (last + 1 === e) {
      while (first < last) { first++; if (lessV(pivot, a[first])) break; }
    } else {
      first++;
      while (!lessV(pivot, a[first])) first++;
    }
    while (first < last) {
      swap(first, last);
      last--;
      while (lessV(pivot, a[last])) last--;
      first++;
      while (!lessV(pivot, a[first])) first++;
    }
    a[b] = a[last];
    a[last] = pivot;
    return last;
  };
  const loop = (b: number, e: number, bad: number, leftmost: boolean): boolean => {
    for (;;) {
      const size = e - b;
      if (size < 24) { insertion(b, e, leftmost); return true; }
      const s2 = Math.floor(size / 2);
      if (size > 128) {
        sort3(b, b + s2, e - 1); sort3(b + 1, b + s2 - 1, e - 2); sort3(b + 2, b + s2 + 1, e - 3); sort3(b + s2 - 1, b + s2, b + s2 + 1);
        swap(b, b + s2);
      } else sort3(b + s2, b, e - 1);
      if (!leftmost && !less(b - 1, b)) { b = partitionLeft(b, e) + 1; continue; }
      const [pp, already] = partitionRight(b, e);
      const ls = pp - b;
      const rs = e - (pp + 1);
      if (ls < Math.floor(size / 8) || rs < Math.floor(size / 8)) {
        if (--bad === 0) return false;
        if (ls >= 24) {
          const q = Math.floor(ls / 4);
          swap(b, b + q); swap(pp - 1, pp - q);
          if (ls > 128) { swap(b + 1, b + q + 1); swap(b + 2, b + q + 2); swap(pp - 2, pp - (q + 1)); swap(pp - 3, pp - (q + 2)); }
        }
        if (rs >= 24) {
          const q = Math.floor(rs / 4);
          swap(pp + 1, pp + 1 + q); swap(e - 1, e - q);
          if (rs > 128) { swap(pp + 2, pp + 2 + q); swap(pp + 3, pp + 3 + q); swap(e - 2, e - (1 + q)); swap(e - 3, e - (2 + q)); }
        }
      } else if (already && partialInsertion(b, pp) && partialInsertion(pp + 1, e)) return true;
      if (!loop(b, pp, bad, leftmost)) return false;
      b = pp + 1;
      leftmost = false;
    }
  };
  if (a.length > 0 && !loop(0, a.length, Math.floor(Math.log2(a.length)), true)) {
    return items.slice().sort((x, y) => key(x) - key(y));
  }
  return a;
}
