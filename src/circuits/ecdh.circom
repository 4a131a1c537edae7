pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/babyjub.circom";
include "circomlib/circuits/escalarmulany.circom";
include "circomlib/circuits/escalarmulfix.circom";

// Ecdh(): Diffie–Hellman on BabyJubJub (circomlib's curve; Base8 generates the subgroup of prime
// order l = 2736030358979909402780800718157159386076813972158567259200215660948447373041).
//   sk       : secret scalar, must lie in [1, l); anything else makes the witness unsatisfiable.
//   theirPub : the other party's public key (x, y); must be on the curve and not of small order
//              (8·theirPub ≠ identity), otherwise unsatisfiable.
//   pub      : own public key sk·Base8 (circomlib EscalarMulFix, as BabyPbk).
//   shared   : sk·theirPub (circomlib EscalarMulAny), never the identity (checked).
// One Num2Bits(251) of sk feeds both multiplications (l < 2^251); sk < l is a second Num2Bits(251)
// of l − 1 − sk (a negative difference wraps to p − k ≥ p − 2^251, which has no 251-bit form).
// Why the checks: circomlib's EscalarMulAny assumes its point is in the subgroup and not 0. Its
// Montgomery adder leaves λ free when both summands coincide, which with a point of order dividing 8
// can happen; with any other curve point (order ≥ l > 2^250) the 148-bit segments never add equal
// points (acc = (1 + even) · Q < 2^148 · Q), so the result is pinned. sk ∈ [1, l) and theirPub not of
// small order imply shared ≠ identity; the explicit shared.x ≠ 0 costs one constraint and does not
// rely on that argument (x = 0 are exactly the identity (0, 1) and the order-2 point (0, −1)).
// Constraints: 3 (on curve) + 18 (three BabyDbl) + 1 (x(8·theirPub) ≠ 0) + 251 + 251 (sk bits, sk < l)
//   + 1 (sk ≠ 0) + EscalarMulAny(251) (2283) + EscalarMulFix(251, Base8) (518) + 1 (shared.x ≠ 0)
//   = 3327 at --O2.
// Prover-supplied values: the three inverses (pinned by x·inv = 1, which also proves x ≠ 0), the
//   bits (booleanity and the sums), and circomlib's <-- quotients in the curve formulas, each pinned
//   by its multiplication constraint (the denominators are never 0 on the points allowed here).
// Caller must still: keep sk private and fresh per hand-over; check theirPub is the intended key
//   (a public input compared by the verifier); a theirPub of order 2l, 4l or 8l passes (only the
//   provider can publish one, and then only the provider's own decryption suffers).
template Ecdh() {
    var SUBORDER = 2736030358979909402780800718157159386076813972158567259200215660948447373041;
    var BASE8[2] = [
        5299619240641551281634865583518297030282874472190772894086521144482721001553,
        16950150798460657717958625567821834550301663161624707787222815936182638968203
    ];
    signal input sk;
    signal input theirPub[2];
    signal output pub[2];
    signal output shared[2];

    // theirPub on the curve, and 8·theirPub not the identity (nor (0, −1)): x(8·theirPub) ≠ 0
    component onCurve = BabyCheck();
    onCurve.x <== theirPub[0];
    onCurve.y <== theirPub[1];
    component dbl[3];
    for (var i = 0; i < 3; i++) {
        dbl[i] = BabyDbl();
        dbl[i].x <== i == 0 ? theirPub[0] : dbl[i - 1].xout;
        dbl[i].y <== i == 0 ? theirPub[1] : dbl[i - 1].yout;
    }
    signal x8Inv;
    x8Inv <-- dbl[2].xout != 0 ? 1 / dbl[2].xout : 0;
    dbl[2].xout * x8Inv === 1;

    // sk in [1, l)
    component skBits = Num2Bits(251);
    skBits.in <== sk;
    component skBelowL = Num2Bits(251);
    skBelowL.in <== SUBORDER - 1 - sk;
    signal skInv;
    skInv <-- sk != 0 ? 1 / sk : 0;
    sk * skInv === 1;

    component own = EscalarMulFix(251, BASE8);
    component mul = EscalarMulAny(251);
    for (var i = 0; i < 251; i++) {
        own.e[i] <== skBits.out[i];
        mul.e[i] <== skBits.out[i];
    }
    mul.p[0] <== theirPub[0];
    mul.p[1] <== theirPub[1];
    pub[0] <== own.out[0];
    pub[1] <== own.out[1];
    shared[0] <== mul.out[0];
    shared[1] <== mul.out[1];

    signal sharedXInv;
    sharedXInv <-- shared[0] != 0 ? 1 / shared[0] : 0;
    shared[0] * sharedXInv === 1;
}
