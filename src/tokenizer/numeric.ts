// Bit-exact stand-ins for the few numpy / Python number routines MidiTok relies on.

/** numpy.linspace(start, stop, num): i * step + start, last value pinned to stop. */
export function linspace(start: number, stop: number, num: number): number[] {
  const out: number[] = [];
  const div = num - 1;
  const step = div > 0 ? (stop - start) / div : 0;
  for (let i = 0; i < num; i++) out.push(i * step + start);
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** numpy.geomspace(start, stop, num) for positive bounds. */
export function geomspace(start: number, stop: number, num: number): number[] {
  const exps = linspace(Math.log10(start), Math.log10(stop), num);
  const out = exps.map((e) => 10 ** e);
  if (num > 0) out[0] = start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** Round half to even, as numpy.rint / numpy.round. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** numpy's ndarray.round(decimals): rint(x * 10^d) / 10^d. */
export function npRound(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return rint(x * f) / f;
}

/** Python's round(x, 2) for tempo values: correctly rounded, ties to even. */
export function pyRound2(x: number): number {
  const fixed = Number(x.toFixed(2));
  // toFixed breaks exact binary ties upwards; Python breaks them to even.
  const scaled = x * 100;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) return npRound(x, 2);
  return fixed;
}

/** Python's str(float): shortest round-trip digits, always with a decimal point. */
export function pyFloatStr(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x);
}

/** C++ std::round for non-negative values (what symusic uses to resample ticks). */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** numpy.searchsorted(arr, v, side='left') on a sorted array. */
export function searchLeft(arr: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy.searchsorted(arr, v, side='right') on a sorted array. */
export function searchRight(arr: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** MidiTok's np_get_closest: nearest value of a sorted array; ties go to the upper one. */
export function closest(arr: ArrayLike<number>, v: number): number {
  let idx = searchLeft(arr, v);
  const prev = arr[Math.max(idx - 1, 0)];
  const next = arr[Math.min(idx, arr.length - 1)];
  if (idx === arr.length || Math.abs(v - prev) < Math.abs(v - next)) idx -= 1;
  return arr[idx];
}

/** Python floor division for numbers. */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}
