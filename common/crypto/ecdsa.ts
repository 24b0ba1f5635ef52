// ECDSA signature verification on P-256 (ES256) and P-384 (ES384), with the signature as JWS carries it: the raw
// big-endian r || s, each exactly as long as a coordinate (RFC 7518 section 3.4), not DER.
import { DigestAlgorithm } from "./digest";
import { digest } from "./digest";
import { compare, copyLimbs, isZero, limbsFromBytes, newLimbs, subLimbs, addLimbs } from "./bignum";
import { Curve, CurveParameters, JacobianPoint, curveParameters } from "./ec_curve";

export { Curve } from "./ec_curve";

export class EcPublicKey {
  private constructor(
    readonly curve: Curve,
    /** The point, affine (Z = 1), coordinates in Montgomery form. */
    readonly point: JacobianPoint,
  ) {}

  /**
   * The public point from its big-endian coordinates (a JWK's decoded `x` and `y`), each exactly one coordinate long
   * (32 bytes for P-256, 48 for P-384) as RFC 7518 section 6.2.1 requires. Null when a coordinate is not below p or
   * the point is not on the curve (the curves have cofactor 1, so every such point is in the group).
   */
  static create(curve: Curve, x: Uint8Array, y: Uint8Array): EcPublicKey | null {
    const params = curveParameters(curve);
    if (x.length != params.byteLength || y.length != params.byteLength) return null;
    const field = params.field;
    const xs = limbsFromBytes(x, params.limbs)!;
    const ys = limbsFromBytes(y, params.limbs)!;
    if (compare(xs, field.modulus) >= 0 || compare(ys, field.modulus) >= 0) return null;
    const point = JacobianPoint.zero(params.limbs);
    field.toMontgomery(point.x, xs);
    field.toMontgomery(point.y, ys);
    copyLimbs(point.z, field.one);
    if (!params.isOnCurve(point.x, point.y)) return null;
    return new EcPublicKey(curve, point);
  }
}

/**
 * Whether `signature` (r || s) is a valid ECDSA signature of `message` hashed with `algorithm` under `key` (FIPS 186-4
 * section 6.4.2). Any hash fits any curve: the digest is cut to the order's length when longer, as the standard says.
 */
export function ecdsaVerify(key: EcPublicKey, algorithm: DigestAlgorithm, message: Uint8Array, signature: Uint8Array): bool {
  return ecdsaVerifyDigest(key, digest(algorithm, message), signature);
}

/** ecdsaVerify for a message already hashed. */
export function ecdsaVerifyDigest(key: EcPublicKey, hash: Uint8Array, signature: Uint8Array): bool {
  const params = curveParameters(key.curve);
  const length = params.byteLength;
  if (signature.length != 2 * length) return false;
  const order = params.order;
  const r = limbsFromBytes(signature.subarray(0, length), params.limbs)!;
  const s = limbsFromBytes(signature.subarray(length), params.limbs)!;
  if (isZero(r) || isZero(s) || compare(r, order.modulus) >= 0 || compare(s, order.modulus) >= 0) return false;

  // e = the leftmost bits of the hash, as many as the order has (both orders are whole bytes long), reduced mod n.
  const e = limbsFromBytes(hash.length > length ? hash.subarray(0, length) : hash, params.limbs)!;
  if (compare(e, order.modulus) >= 0) subLimbs(e, e, order.modulus);

  // w = s^-1 in Montgomery form; a plain value times it under montMul comes out plain: u1 = e w, u2 = r w.
  const w = newLimbs(params.limbs);
  order.toMontgomery(w, s);
  order.inversePrime(w, w);
  const u1 = newLimbs(params.limbs);
  const u2 = newLimbs(params.limbs);
  order.montMul(u1, e, w);
  order.montMul(u2, r, w);

  const point = params.twoScalarMultiply(u1, u2, key.point);
  if (point.isInfinity()) return false;
  return xCoordinateMatches(params, point, r);
}

/**
 * Whether the affine x of `point`, reduced mod n, is r, without inverting Z: x = X / Z^2, so compare X with r Z^2,
 * and with (r + n) Z^2 when r + n is still a field element (x itself may be at or above n).
 */
function xCoordinateMatches(params: CurveParameters, point: JacobianPoint, r: StaticArray<u32>): bool {
  const field = params.field;
  const zz = newLimbs(params.limbs);
  const candidate = newLimbs(params.limbs);
  field.montSquare(zz, point.z);
  field.toMontgomery(candidate, r);
  field.montMul(candidate, candidate, zz);
  if (compare(candidate, point.x) == 0) return true;
  const shifted = newLimbs(params.limbs);
  if (addLimbs(shifted, r, params.order.modulus) != 0 || compare(shifted, field.modulus) >= 0) return false;
  field.toMontgomery(candidate, shifted);
  field.montMul(candidate, candidate, zz);
  return compare(candidate, point.x) == 0;
}
