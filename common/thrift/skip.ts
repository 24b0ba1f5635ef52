// Skipping a struct value by value without recursion: the structs and containers entered form a stack, allocated
// once to the depth limit. A skip that runs out of bytes stops at the start of the step it could not finish (a field
// header with its value's start, an element, a container header), the stack as it was, and resumes there once more
// bytes have come: an unframed message arriving in many segments is walked once, not once per segment.
import { ProtocolCodec, VALUE_IN_HEADER } from "./codec";
import { ThriftProblem } from "./problem";
import { TType } from "./protocol";
import { ByteReader } from "./reader";

const STRUCT: u8 = 0;
const LIST: u8 = 1;
const MAP: u8 = 2;

export class StructSkipper {
  private kinds: StaticArray<u8>;
  /** Values left: a list's or set's elements; a map's keys and values, two per entry, key first. */
  private left: StaticArray<i64>;
  /** A list's element type, a map's key type. */
  private firstTypes: StaticArray<i32>;
  private valueTypes: StaticArray<i32>;
  /** A struct's last field id: compact's ids are deltas from it. */
  private lastIds: StaticArray<i32>;
  private depth: i32 = 0;

  constructor(private maxDepth: i32) {
    const size = max(maxDepth, 1);
    this.kinds = new StaticArray<u8>(size);
    this.left = new StaticArray<i64>(size);
    this.firstTypes = new StaticArray<i32>(size);
    this.valueTypes = new StaticArray<i32>(size);
    this.lastIds = new StaticArray<i32>(size);
  }

  /** Begins a struct whose first field header is next. */
  start(): void {
    this.depth = 0;
    this.push(STRUCT, 0, 0, 0);
  }

  /**
   * Skips on from where the last call stopped; true once the struct `start` began has ended. False when `r` ran
   * short (its `at` is left where to resume) or found a problem.
   */
  run(r: ByteReader, codec: ProtocolCodec): bool {
    while (this.depth > 0) {
      const top = this.depth - 1;
      const mark = r.at;
      const kind = unchecked(this.kinds[top]);
      if (kind == STRUCT) {
        if (!codec.readFieldBegin(r, unchecked(this.lastIds[top]))) return this.rewind(r, mark);
        const type = codec.fieldType;
        if (type == TType.STOP) {
          this.depth--;
          continue;
        }
        const id = codec.fieldId;
        if (type != VALUE_IN_HEADER && !this.enter(r, codec, type)) return this.rewind(r, mark);
        unchecked((this.lastIds[top] = id));
        continue;
      }
      const remaining = unchecked(this.left[top]);
      if (remaining == 0) {
        this.depth--;
        continue;
      }
      const type = kind == MAP && (remaining & 1) != 0 ? unchecked(this.valueTypes[top]) : unchecked(this.firstTypes[top]);
      const size = kind == LIST ? codec.fixedSize(type) : 0;
      if (size > 0) {
        // A run of fixed-size elements (list<i64>, binary's list<byte>) is skipped in one step.
        const fit = min(remaining, <i64>((r.end - r.at) / size));
        r.at += <i32>fit * size;
        unchecked((this.left[top] = remaining - fit));
        if (fit < remaining) return r.has(size);
        continue;
      }
      if (!this.enter(r, codec, type)) return this.rewind(r, mark);
      unchecked((this.left[top] = remaining - 1));
    }
    return true;
  }

  /** Starts a value: a scalar is skipped whole; a struct or container is entered, its header read. */
  private enter(r: ByteReader, codec: ProtocolCodec, type: i32): bool {
    const nested = type == TType.STRUCT || type == TType.LIST || type == TType.SET || type == TType.MAP;
    if (!nested) return codec.skipScalar(r, type);
    if (this.depth >= this.maxDepth) return r.fail(ThriftProblem.TooDeep);
    if (type == TType.STRUCT) {
      this.push(STRUCT, 0, 0, 0);
    } else if (type == TType.MAP) {
      if (!codec.readMapBegin(r)) return false;
      this.push(MAP, <i64>codec.count << 1, codec.elementType, codec.valueType);
    } else {
      if (!codec.readListBegin(r)) return false;
      this.push(LIST, <i64>codec.count, codec.elementType, 0);
    }
    return true;
  }

  private push(kind: u8, left: i64, firstType: i32, valueType: i32): void {
    const at = this.depth++;
    unchecked((this.kinds[at] = kind));
    unchecked((this.left[at] = left));
    unchecked((this.firstTypes[at] = firstType));
    unchecked((this.valueTypes[at] = valueType));
    unchecked((this.lastIds[at] = 0));
  }

  /** A step cut short starts again from its beginning; a problem stays. */
  private rewind(r: ByteReader, mark: i32): bool {
    if (r.problem == ThriftProblem.None) r.at = mark;
    return false;
  }
}
