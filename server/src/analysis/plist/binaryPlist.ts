/**
 * A bounded reader for binary property lists (`bplist00`): the top-level dictionary, its keys, and values that are
 * strings or arrays of strings (all an Info.plist reader needs). Objects are read on demand from the offset table, so
 * the work is proportional to what is read, never to the object count the trailer claims, and shared or cyclic
 * references cannot make it grow (nothing below the second level is followed). Never throws: an unreadable file gives
 * a message.
 */

export type BinaryValue = { kind: 'string'; value: string } | { kind: 'array'; strings: string[] } | { kind: 'other' };

export type BinaryPlistResult = { root: Map<string, BinaryValue> } | { error: string };

/** Largest object count accepted: far beyond any Info.plist, small enough that a forged trailer cannot cost much. */
export const MAX_BINARY_OBJECTS = 1_000_000;

class Unreadable extends Error {}

class BinaryReader {
  readonly offsetSize: number;
  readonly refSize: number;
  readonly count: number;
  readonly top: number;
  readonly tableAt: number;

  constructor(private readonly b: Buffer) {
    if (b.length < 8 + 32) throw new Unreadable('too short for a binary plist');
    const t = b.length - 32;
    this.offsetSize = b[t + 6];
    this.refSize = b[t + 7];
    this.count = this.u64(t + 8);
    this.top = this.u64(t + 16);
    this.tableAt = this.u64(t + 24);
    if (this.offsetSize < 1 || this.offsetSize > 8 || this.refSize < 1 || this.refSize > 8) throw new Unreadable('bad offset or reference size in the trailer');
    if (this.count > MAX_BINARY_OBJECTS) throw new Unreadable(`it claims ${this.count} objects (more than ${MAX_BINARY_OBJECTS} are not read)`);
    if (this.top >= this.count) throw new Unreadable('the top object is outside the object table');
    if (this.tableAt < 8 || this.tableAt + this.count * this.offsetSize > t) throw new Unreadable('the offset table lies outside the file');
  }

  private uint(at: number, size: number): number {
    if (at + size > this.b.length) throw new Unreadable('truncated');
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + this.b[at + i];
    return n;
  }

  private u64(at: number): number {
    // Above 2^53 the value is not exact, but any such count or offset is rejected by the checks anyway.
    return this.uint(at, 8);
  }

  /** Offset of object `ref`, checked to lie in the object area. */
  private offsetOf(ref: number): number {
    if (ref >= this.count) throw new Unreadable(`object reference ${ref} is outside the object table`);
    const at = this.uint(this.tableAt + ref * this.offsetSize, this.offsetSize);
    if (at < 8 || at >= this.tableAt) throw new Unreadable(`object ${ref} lies outside the object area`);
    return at;
  }

  /** The marker of an object and where its payload starts (after a long count, when there is one). */
  private header(ref: number): { type: number; n: number; at: number } {
    const at = this.offsetOf(ref);
    const marker = this.b[at];
    const type = marker >> 4;
    const info = marker & 0x0f;
    if (info !== 0x0f || type === 0 || type === 1 || type === 2 || type === 3) return { type, n: info, at: at + 1 };
    const intMarker = this.b[at + 1];
    if (intMarker >> 4 !== 1) throw new Unreadable(`object ${ref} has a malformed length`);
    const size = 1 << (intMarker & 0x0f);
    if (size > 8) throw new Unreadable(`object ${ref} has a malformed length`);
    return { type, n: this.uint(at + 2, size), at: at + 2 + size };
  }

  string(ref: number): string | undefined {
    const h = this.header(ref);
    if (h.type === 5) return this.slice(h.at, h.n).toString('latin1');
    if (h.type === 7) return this.slice(h.at, h.n).toString('utf8');
    if (h.type === 6) {
      const be = this.slice(h.at, h.n * 2);
      const le = Buffer.alloc(be.length);
      for (let i = 0; i + 1 < be.length; i += 2) {
        le[i] = be[i + 1];
        le[i + 1] = be[i];
      }
      return le.toString('utf16le');
    }
    return undefined;
  }

  private slice(at: number, length: number): Buffer {
    if (length > this.tableAt - at) throw new Unreadable('an object runs past the object area');
    return this.b.subarray(at, at + length);
  }

  /** References of an array (`0xA`) or dictionary (`0xD`, keys then values). */
  refs(h: { n: number; at: number }, count: number): number[] {
    if (h.at + count * this.refSize > this.tableAt) throw new Unreadable('a collection runs past the object area');
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(this.uint(h.at + i * this.refSize, this.refSize));
    return out;
  }

  value(ref: number): BinaryValue {
    const h = this.header(ref);
    if (h.type === 5 || h.type === 6 || h.type === 7) return { kind: 'string', value: this.string(ref) ?? '' };
    if (h.type === 0xa) {
      const strings: string[] = [];
      for (const r of this.refs(h, h.n)) {
        const s = this.string(r);
        if (s !== undefined) strings.push(s);
      }
      return { kind: 'array', strings };
    }
    return { kind: 'other' };
  }

  root(): Map<string, BinaryValue> {
    const h = this.header(this.top);
    if (h.type !== 0xd) throw new Unreadable('the top-level value is not a dictionary');
    const refs = this.refs(h, h.n * 2);
    const out = new Map<string, BinaryValue>();
    for (let i = 0; i < h.n; i++) {
      const key = this.string(refs[i]);
      if (key === undefined) throw new Unreadable('a dictionary key is not a string');
      // Keys are kept first-come, as the XML reader does.
      if (!out.has(key)) out.set(key, this.value(refs[h.n + i]));
    }
    return out;
  }
}

export function readBinaryPlist(bytes: Uint8Array): BinaryPlistResult {
  try {
    return { root: new BinaryReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).root() };
  } catch (e) {
    return { error: e instanceof Unreadable ? e.message : `could not read it (${(e as Error).message})` };
  }
}
