// The last step every generated Montgomery function shares: r holds a value below 2 m (or 2 p), so m is subtracted
// once, and the difference is stored when r >= m (the limb above r is set, or the subtraction does not borrow).
// `limb(i)` is the text of the modulus's limb i (a loaded local or a constant).
export function finalSubtraction(lines, n, square, modulus, limb) {
  lines.push(`  // r - ${modulus}, kept when r >= ${modulus} (the limb above r is set, or the subtraction does not borrow).`);
  lines.push(`  const top = ${square ? "carry" : "lo"};`, `  let borrow: u64 = 0;`, `  let x: u64;`);
  for (let i = 0; i < n; i++) lines.push(`  x = r${i} - ${limb(i)} - borrow; const d${i} = <u32>x; borrow = x >> 63;`);
  lines.push(`  if (top != 0 || borrow == 0) {`);
  for (let i = 0; i < n; i++) lines.push(`    store<u32>(out, d${i}, ${4 * i});`);
  lines.push(`  } else {`);
  for (let i = 0; i < n; i++) lines.push(`    store<u32>(out, <u32>r${i}, ${4 * i});`);
  lines.push(`  }`, `}`);
}
