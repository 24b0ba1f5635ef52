// Hex text as bytes, for the public-key specs' published vectors (whitespace is ignored so vectors can be wrapped).
import { fromHex, toHex } from "../../assembly/wire/hex";

export function hexBytes(text: string): Uint8Array {
  return fromHex(text.replaceAll(" ", "").replaceAll("\n", ""))!;
}

export function bytesHex(bytes: Uint8Array): string {
  return toHex(bytes.buffer);
}
