// The guest's linear memory as the host sees it: bounds-checked reads and writes, and cpp-host's
// copyToPointerSize (the module's malloc hands out the block, the host fills it and writes pointer and size).

/** A read or write outside linear memory: the host call answers InvalidMemoryAccess. */
export class OutOfBounds extends Error {}

export class GuestMemory {
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly malloc: (size: number) => number,
  ) {}

  /** The linear memory's size in bytes: it only grows, so it shows whether garbage is ever collected. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  private view(): DataView {
    return new DataView(this.memory.buffer);
  }

  private check(ptr: number, size: number): void {
    if (ptr < 0 || size < 0 || ptr + size > this.memory.buffer.byteLength) throw new OutOfBounds(`${ptr}+${size}`);
  }

  read(ptr: number, size: number): Uint8Array {
    ptr >>>= 0;
    size >>>= 0;
    this.check(ptr, size);
    return new Uint8Array(this.memory.buffer, ptr, size).slice();
  }

  readText(ptr: number, size: number): string {
    return new TextDecoder().decode(this.read(ptr, size));
  }

  write(ptr: number, data: Uint8Array): void {
    ptr >>>= 0;
    this.check(ptr, data.length);
    new Uint8Array(this.memory.buffer, ptr, data.length).set(data);
  }

  writeU32(ptr: number, value: number): void {
    ptr >>>= 0;
    this.check(ptr, 4);
    this.view().setUint32(ptr, value >>> 0, true);
  }

  writeU64(ptr: number, value: bigint): void {
    ptr >>>= 0;
    this.check(ptr, 8);
    this.view().setBigUint64(ptr, BigInt.asUintN(64, value), true);
  }

  readU32(ptr: number): number {
    ptr >>>= 0;
    this.check(ptr, 4);
    return this.view().getUint32(ptr, true);
  }

  /** Copies `data` into a block from the module's malloc; an empty value is pointer 0, size 0, no allocation. */
  copyOut(data: Uint8Array, ptrPtr: number, sizePtr: number): void {
    let ptr = 0;
    if (data.length > 0) {
      ptr = this.malloc(data.length) >>> 0;
      if (ptr === 0) throw new OutOfBounds("malloc returned 0");
      this.write(ptr, data);
    }
    this.writeU32(ptrPtr, ptr);
    this.writeU32(sizePtr, data.length);
  }
}
