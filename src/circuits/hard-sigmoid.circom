pragma circom 2.2.3;
include "circomlib/circuits/bitify.circom";

// HardSigmoid(B, S): Keras 3 hard_sigmoid(x) = relu6(x + 3) / 6 = clip(x/6 + 1/2, 0, 1) in fixed
// point at scale 2^S, rounded half up, exactly:
//   out = clip(floor((in + 3·2^S + 3) / 6), 0, 2^S) = round_half_up(2^S · hard_sigmoid(in / 2^S)).
//   in  : signed at scale 2^S; every in in [-2^(B-1), 2^(B-1)) is accepted. Exactly one integer
//         interval (a superset of the B-bit range, see hardSigmoidDomain in the TS reference) is
//         accepted, the output is exact on all of it, and every other value is unsatisfiable.
//   out : in [0, 2^S], at scale 2^S.
// Division by 6 without a non-power-of-two remainder: with N = in + 3·2^S + 3, T the smallest
// shift > S with (6·2^S − 1)·e < 2^T where M = ceil(2^T / 6) and e = 6M − 2^T ∈ {2, 4}, we get
// floor(N·M / 2^T) = floor(N/6) for every 0 ≤ N < 6·2^S (N·M/2^T = N/6 + N·e/(6·2^T), and the
// error N·e/(6·2^T) < 1/6 cannot carry past the next multiple of 1/6). Outside that window the
// output saturates: N < 0 ⇔ N·M < 0 gives 0, and in ≥ 3·2^S − 3 (N ≥ 6·2^S) gives 2^S.
//   upper  = Num2Bits(N_UP) of in − SAT + 2^(N_UP−1), SAT = 3·2^S − 3: top bit hi = [in ≥ SAT]
//            (out = 2^S). in enters with coefficient 1, so this pins in to an integer window of
//            width 2^N_UP; N_UP is the least width covering the B-bit range, 2^(N_UP−1) ≥ 2^(B−1) + SAT
//            (B + 1 whenever S ≤ B − 3).
//   scaled = Num2Bits(N1) of N·M + 2^(N1−1), N1 = bitlen((2^(B−1) − 1 + 3·2^S + 3)·M) + 1:
//            top bit pos = [N·M ≥ 0] = [N ≥ 0]; bits T..N1−2 are floor(N·M / 2^T) when pos = 1;
//            the low T bits are the remainder, range-checked by being bits. N·M is an honest
//            integer because in is pinned by upper: a small N·M alone would not pin in, since
//            in = v/M − 3·2^S − 3 mod p solves it for every small v.
//   out = (pos − hi)·q + hi·2^S (hi = 1 implies pos = 1): one product constraint.
// Every prover-supplied value is a Num2Bits bit, pinned to {0, 1} and to its recomposition.
// Constraints: N1 + N_UP + 1 (N1 ≈ B + S + 2, N_UP = B + 1 for S ≤ B − 3; 76 at B = 32, S = 8).
// Caller must still: feed in at scale 2^S with B large enough for its worst case.
function hardSigmoidShift(S) {
    var T = S + 1;
    while ((6 * (1 << S) - 1) * (6 * (((1 << T) + 5) \ 6) - (1 << T)) >= (1 << T)) T++;
    return T;
}

function hardSigmoidUpperBits(B, S) {
    var n = B;
    while ((1 << (n - 1)) < (1 << (B - 1)) + 3 * (1 << S) - 3) n++;
    return n;
}

function hardSigmoidBits(B, S) {
    var T = hardSigmoidShift(S);
    var wMax = ((1 << (B - 1)) - 1 + 3 * (1 << S) + 3) * (((1 << T) + 5) \ 6);
    var n = 0;
    while ((1 << n) <= wMax) n++;
    return n + 1;
}

template HardSigmoid(B, S) {
    assert(B >= 2 && B <= 244);                   // B: bit width of in, must be in [2, 244]
    assert(S >= 1 && S <= 120 && B + S <= 245);   // S: scale shift, must be in [1, 120] with B + S ≤ 245
    signal input in;
    signal output out;

    var T = hardSigmoidShift(S);
    var M = ((1 << T) + 5) \ 6;
    var N1 = hardSigmoidBits(B, S);
    var N_UP = hardSigmoidUpperBits(B, S);
    assert(N1 > T + 1 && N1 <= 252 && N_UP <= 252); // B, S: both decompositions fit 252 bits (always true for the ranges above)

    component upper = Num2Bits(N_UP);
    upper.in <== in - (3 * (1 << S) - 3) + (1 << (N_UP - 1));
    var hi = upper.out[N_UP - 1];

    component scaled = Num2Bits(N1);
    scaled.in <== (in + 3 * (1 << S) + 3) * M + (1 << (N1 - 1));
    var pos = scaled.out[N1 - 1];
    var q = 0;
    for (var i = T; i < N1 - 1; i++) q += scaled.out[i] * (1 << (i - T));

    out <== (pos - hi) * q + hi * (1 << S);
}
