/**
 * Open-addressing hash tables on typed arrays, for the cold path of the vectorizer, which meets ~15 million words
 * and ~10 million word pairs for 75k papers. JavaScript Maps would need a string per word and a boxed number per
 * pair key (measured: several times slower, and more memory); these intern words straight from the text's characters
 * and count pairs of word ids without allocating. Each slot keeps its key next to its value, so a look-up touches
 * one cache line.
 */

/** Interns words given as a range of a string (with their FNV-1a hash) as dense ids 0, 1, 2, … */
export class WordTable {
  /** Per slot: hash, id + 1 (0 = empty). */
  private slots: Int32Array;
  private starts = new Int32Array(1 << 14);
  private lengths = new Int32Array(1 << 14);
  private chars = new Uint16Array(1 << 18);
  private used = 0;
  size = 0;

  constructor(capacity = 1 << 18) {
    this.slots = new Int32Array(2 * capacity);
  }

  /** The FNV-1a hash of s[start, end), as the scanner computes it. */
  static hash(s: string, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return h;
  }

  /** The id of s[start, end), adding it when new. */
  intern(s: string, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = mix(hash) & mask;
    for (; ; slot = (slot + 1) & mask) {
      const id1 = slots[2 * slot + 1]!;
      if (id1 === 0) break;
      if (slots[2 * slot] === hash && this.same(id1 - 1, s, start, end)) return id1 - 1;
    }
    const id = this.size++;
    if (id >= this.starts.length) {
      this.starts = growInt(this.starts, id + 1);
      this.lengths = growInt(this.lengths, id + 1);
    }
    const len = end - start;
    if (this.used + len > this.chars.length) {
      const c = new Uint16Array(Math.max(this.chars.length * 2, this.used + len));
      c.set(this.chars);
      this.chars = c;
    }
    for (let i = 0; i < len; i++) this.chars[this.used + i] = s.charCodeAt(start + i);
    this.starts[id] = this.used;
    this.lengths[id] = len;
    this.used += len;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = id + 1;
    if (this.size * 2 > mask + 1) this.rehash();
    return id;
  }

  word(id: number): string {
    const start = this.starts[id]!;
    return String.fromCharCode(...this.chars.subarray(start, start + this.lengths[id]!));
  }

  private same(id: number, s: string, start: number, end: number): boolean {
    if (this.lengths[id] !== end - start) return false;
    const base = this.starts[id]! - start;
    for (let i = start; i < end; i++) if (this.chars[base + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let o = 0; o < old.length; o += 2) {
      if (old[o + 1] === 0) continue;
      let slot = mix(old[o]!) & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[o]!;
      slots[2 * slot + 1] = old[o + 1]!;
    }
    this.slots = slots;
  }
}

/** Murmur3's finalizer: every input bit reaches the low bits that pick a slot. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const pairHash = (a: number, b: number) => mix(Math.imul(a, 0x9e3779b1) ^ b);

/**
 * Counts pairs of word ids (a, b ≥ 0): total occurrences and the number of documents they occur in. Per slot:
 * a + 1 (0 = empty), b, count, documents, last document seen.
 */
export class PairCounter {
  private slots: Int32Array;
  size = 0;
  static readonly WIDTH = 5;

  constructor(capacity = 1 << 20) {
    this.slots = new Int32Array(PairCounter.WIDTH * capacity);
  }

  add(a: number, b: number, doc: number): void {
    const W = PairCounter.WIDTH;
    const slots = this.slots;
    const mask = slots.length / W - 1;
    let slot = pairHash(a, b) & mask;
    for (; ; slot = (slot + 1) & mask) {
      const o = W * slot;
      const a1 = slots[o]!;
      if (a1 === 0) {
        slots[o] = a + 1;
        slots[o + 1] = b;
        slots[o + 2] = 1;
        slots[o + 3] = 1;
        slots[o + 4] = doc;
        if (++this.size * 2 > mask + 1) this.rehash();
        return;
      }
      if (a1 === a + 1 && slots[o + 1] === b) {
        slots[o + 2]!++;
        if (slots[o + 4] !== doc) {
          slots[o + 4] = doc;
          slots[o + 3]!++;
        }
        return;
      }
    }
  }

  /** Calls fn(a, b, count, documents) for every pair. */
  forEach(fn: (a: number, b: number, count: number, documents: number) => void): void {
    const s = this.slots;
    for (let o = 0; o < s.length; o += PairCounter.WIDTH) if (s[o] !== 0) fn(s[o]! - 1, s[o + 1]!, s[o + 2]!, s[o + 3]!);
  }

  private rehash(): void {
    const W = PairCounter.WIDTH;
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / W - 1;
    for (let o = 0; o < old.length; o += W) {
      if (old[o] === 0) continue;
      let slot = pairHash(old[o]! - 1, old[o + 1]!) & mask;
      while (slots[W * slot] !== 0) slot = (slot + 1) & mask;
      slots.set(old.subarray(o, o + W), W * slot);
    }
    this.slots = slots;
  }
}

/** A fixed map from pairs of word ids to values ≥ 0 (the chosen bigrams → their feature). Per slot: a + 1, b, value. */
export class PairMap {
  private slots: Int32Array;

  constructor(entries: [a: number, b: number, value: number][]) {
    let cap = 1024;
    while (cap < entries.length * 4) cap *= 2;
    this.slots = new Int32Array(3 * cap);
    const mask = cap - 1;
    for (const [a, b, v] of entries) {
      let slot = pairHash(a, b) & mask;
      while (this.slots[3 * slot] !== 0) slot = (slot + 1) & mask;
      this.slots[3 * slot] = a + 1;
      this.slots[3 * slot + 1] = b;
      this.slots[3 * slot + 2] = v;
    }
  }

  /** The value of (a, b), or -1. */
  get(a: number, b: number): number {
    const slots = this.slots;
    const mask = slots.length / 3 - 1;
    for (let slot = pairHash(a, b) & mask; ; slot = (slot + 1) & mask) {
      const a1 = slots[3 * slot]!;
      if (a1 === 0) return -1;
      if (a1 === a + 1 && slots[3 * slot + 1] === b) return slots[3 * slot + 2]!;
    }
  }
}

/** A copy of `a`, at least `need` long (doubling). */
export function growInt(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
