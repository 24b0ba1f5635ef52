// The codec loop an RPC network filter runs over each direction of a connection: every complete frame in the bytes
// that arrived is handed to the codec in one pass, a frame cut short waits (held here, not in Envoy's buffer, so the
// frames before it flow on at once), and a frame the codec replaces is swapped in place. The bytes Envoy forwards are
// rewritten only when something was held or replaced: the usual segment of whole frames passes as it came.

/** What the codec says of the bytes at a frame boundary. */
export namespace FrameSize {
  /** Not enough bytes yet to know the frame's size. */
  export const NEED_MORE: i32 = -1;
  /** Not a frame: the connection must close. */
  export const INVALID: i32 = -2;
}

export abstract class FrameCodec {
  /** The size of the frame starting at `at`, given `available` bytes from there; or a FrameSize value. */
  abstract measure(bytes: Uint8Array, at: i32, available: i32): i32;
  /** A whole frame: null to pass it as it is, or the bytes to send instead; `invalid` set to close. */
  abstract onFrame(bytes: Uint8Array, at: i32, size: i32): Uint8Array | null;
  /** Set by onFrame when the frame cannot be decoded: the connection closes. */
  invalid: bool = false;
}

export enum LoopResult {
  /** Forward the bytes as they came. */
  Unchanged,
  /** Forward `FrameLoop.output` instead of what came. */
  Rewritten,
  /** Close the connection. */
  Invalid,
}

export class FrameLoop {
  /** Holds the start of a frame that has not fully arrived, from earlier segments; grows by doubling. */
  private store: Uint8Array = new Uint8Array(0);
  private held: i32 = 0;
  /** With LoopResult.Rewritten: the bytes to forward. */
  output: Uint8Array = new Uint8Array(0);

  constructor(private codec: FrameCodec) {}

  /** Bytes of a partial frame waiting for the rest. */
  get holding(): i32 {
    return this.held;
  }

  /** Runs the codec over `arrived`; at the end of the stream a partial frame is forwarded as it is. */
  run(arrived: Uint8Array, endOfStream: bool): LoopResult {
    const wasHolding = this.held > 0;
    let bytes = arrived;
    if (wasHolding) {
      const total = this.held + arrived.length;
      if (total > this.store.length) {
        const grown = new Uint8Array(max(total, this.store.length << 1));
        grown.set(this.store.subarray(0, this.held), 0);
        this.store = grown;
      }
      this.store.set(arrived, this.held);
      bytes = this.store.subarray(0, total);
      this.held = 0;
    }
    let rewritten = wasHolding;
    let pieces: Uint8Array[] | null = null;
    let copiedUpTo = 0;
    let at = 0;
    while (at < bytes.length) {
      const size = this.codec.measure(bytes, at, bytes.length - at);
      if (size == FrameSize.INVALID) return LoopResult.Invalid;
      if (size == FrameSize.NEED_MORE || size > bytes.length - at) break;
      const replacement = this.codec.onFrame(bytes, at, size);
      if (this.codec.invalid) return LoopResult.Invalid;
      if (replacement !== null) {
        if (pieces === null) pieces = new Array<Uint8Array>();
        pieces.push(bytes.subarray(copiedUpTo, at));
        pieces.push(replacement);
        copiedUpTo = at + size;
        rewritten = true;
      }
      at += size;
    }
    const partial = endOfStream ? 0 : bytes.length - at;
    if (partial > 0) rewritten = true;
    if (!rewritten) return LoopResult.Unchanged;
    if (pieces === null) pieces = new Array<Uint8Array>();
    pieces.push(bytes.subarray(copiedUpTo, bytes.length - partial));
    let total = 0;
    for (let i = 0; i < pieces.length; i++) total += pieces[i].length;
    const output = new Uint8Array(total);
    let offset = 0;
    for (let i = 0; i < pieces.length; i++) {
      output.set(pieces[i], offset);
      offset += pieces[i].length;
    }
    this.output = output;
    if (partial > 0) this.hold(bytes.subarray(bytes.length - partial));
    return LoopResult.Rewritten;
  }

  private hold(tail: Uint8Array): void {
    if (tail.length > this.store.length) this.store = new Uint8Array(max(tail.length, 256));
    // `tail` may lie inside `store`: copyWithin handles the overlap.
    if (tail.dataStart >= this.store.dataStart && tail.dataStart < this.store.dataStart + <usize>this.store.length) {
      this.store.copyWithin(0, <i32>(tail.dataStart - this.store.dataStart), <i32>(tail.dataStart - this.store.dataStart) + tail.length);
    } else {
      this.store.set(tail, 0);
    }
    this.held = tail.length;
  }
}
