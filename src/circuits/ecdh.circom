pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/babyjub.circom";
include "circomlib/circuits/montgomery.circom";
include "circomlib/circuits/escalarmulfix.circom";
include "mont-double-add.circom";

// Ecdh(): Diffie–Hellman on BabyJubJub (circomlib's curve; Base8 generates the subgroup of prime
// order l = 2736030358979909402780800718157159386076813972158567259200215660948447373041).
//   sk       : secret scalar of the form sk = 2^249 + 1 + 2·m with m ∈ [0, 2^249): odd, in
//              [2^249 + 1, 3·2^249 − 1] ⊂ [1, l) (3·2^249 < l); anything else is unsatisfiable.
//              249 bits of entropy (src/core/handover/keys.ts generateHunterKeyPair draws them).
//   theirPub : the other party's public key (x, y); must be on the curve and not of small order
//              (8·theirPub ≠ identity), otherwise unsatisfiable.
//   pub      : own public key sk·Base8 = (2m + 1)·Base8 (circomlib EscalarMulFix(250), bit 0 the
//              constant 1) + 2^249·Base8 (a constant; BabyAdd is complete).
//   shared   : sk·theirPub, never the identity (checked).
// shared by a signed-digit double-and-add on the Montgomery form: acc_0 = 2P, then for the bits of m
// from the top, acc ← 2·acc + (bit ? P : −P) (MontDoubleAdd). By induction acc_i = k_i·P with
// k_0 = 2, k_{i+1} = 2·k_i ± 1, so 2 ≤ k_i ≤ 3·2^i − 1 and k_249 = 2^249 + 1 + 2m = sk.
// Why the incomplete formulas are pinned: P is on the curve and not of small order, so its order is
// l, 2l, 4l or 8l (≥ l). At step i, acc = ±P needs ord(P) | k_i ∓ 1 and 2·acc + q = 0 needs
// ord(P) | k_{i+1}; all of k_i − 1, k_i + 1, k_{i+1} lie in [1, 3·2^249 − 1] ⊂ [1, l), so none is a
// multiple. The same bound keeps every acc and r = (k_i ± 1)·P off the identity and the 2-torsion
// (v ≠ 0), so each step's two slopes are the only solutions and the result is sk·P (the witness is
// deterministic, the constraints admit no other assignment). 2P's slope needs v(P) ≠ 0 (P not of
// order 2). Edwards2Montgomery needs y ≠ 1, x ≠ 0 (P neither identity nor (0, −1)), Montgomery2Edwards
// needs v ≠ 0, u ≠ −1 (sk·P not 2-torsion; u = −1 is not on this curve's image).
// shared.x ≠ 0 costs one constraint and does not rely on that argument (x = 0 are exactly the
// identity (0, 1) and the order-2 point (0, −1)).
// Constraints: 3 (on curve) + 18 (three BabyDbl) + 1 (x(8·theirPub) ≠ 0) + 249 (bits of m)
//   + 2 (to Montgomery) + 4 (2P) + 249·6 (MontDoubleAdd) + 2 (to Edwards) + 1 (shared.x ≠ 0)
//   + EscalarMulFix(250, Base8) with bit 0 constant (516) + 3 (BabyAdd of a constant) = 2293 at --O2.
// Prover-supplied values: the two inverses (pinned by x·inv = 1, which also proves x ≠ 0), the bits
//   (booleanity and the sum), the slopes l1, l2 and circomlib's <-- quotients in the curve formulas,
//   each pinned by its multiplication constraint (the denominators are never 0, argued above).
// Caller must still: keep sk private and fresh per hand-over; check theirPub is the intended key
//   (a public input compared by the verifier); a theirPub of order 2l, 4l or 8l passes (only the
//   provider can publish one, and then only the provider's own decryption suffers).
template Ecdh() {
    var N = 249;
    var BASE8[2] = [
        5299619240641551281634865583518297030282874472190772894086521144482721001553,
        16950150798460657717958625567821834550301663161624707787222815936182638968203
    ];
    // 2^249·Base8
    var TOP[2] = [
        19770875486055357231464976665155595723245424221724704572412615515366030800948,
        11426680139972549304394780604480797483302238743554080027960742755442896461615
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

    // sk = 2^N + 1 + 2·m, m < 2^N: the N bits of (sk − 2^N − 1)/2 (field division by 2 is linear)
    component mBits = Num2Bits(N);
    mBits.in <== (sk - (1 << N) - 1) / 2;

    // own key: (2m + 1)·Base8 + 2^N·Base8
    component own = EscalarMulFix(N + 1, BASE8);
    own.e[0] <== 1;
    for (var i = 0; i < N; i++) own.e[i + 1] <== mBits.out[i];
    component addTop = BabyAdd();
    addTop.x1 <== own.out[0];
    addTop.y1 <== own.out[1];
    addTop.x2 <== TOP[0];
    addTop.y2 <== TOP[1];
    pub[0] <== addTop.xout;
    pub[1] <== addTop.yout;

    // shared = sk·theirPub on the Montgomery form
    component toM = Edwards2Montgomery();
    toM.in[0] <== theirPub[0];
    toM.in[1] <== theirPub[1];
    component twice = MontgomeryDouble();
    twice.in <== toM.out;
    component step[N];
    for (var i = 0; i < N; i++) {
        step[i] = MontDoubleAdd();
        step[i].acc <== i == 0 ? twice.out : step[i - 1].out;
        step[i].p <== toM.out;
        step[i].bit <== mBits.out[N - 1 - i];
    }
    component toE = Montgomery2Edwards();
    toE.in <== step[N - 1].out;
    shared[0] <== toE.out[0];
    shared[1] <== toE.out[1];

    signal sharedXInv;
    sharedXInv <-- shared[0] != 0 ? 1 / shared[0] : 0;
    shared[0] * sharedXInv === 1;
}
