// Hex text as bytes, for the public-key specs' published vectors (whitespace is ignored so vectors can be wrapped).
export function hexBytes(text: string): Uint8Array {
  const digits = text.replaceAll(" ", "").replaceAll("\n", "");
  const out = new Uint8Array(digits.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = <u8>I32.parseInt(digits.substr(i * 2, 2), 16);
  return out;
}

export function bytesHex(bytes: Uint8Array): string {
  const alphabet = "0123456789abcdef";
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += alphabet.charAt(bytes[i] >> 4) + alphabet.charAt(bytes[i] & 15);
  return text;
}
