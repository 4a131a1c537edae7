pragma circom 2.2.3;

// PolyEval(N): the polynomial with coefficients in[0..N) evaluated at x, in the field:
//   out = Σ_{i<N} in[i] · x^i  (mod p)
// by Horner's rule from the top coefficient down:
//   acc[N-1] = in[N-1];  acc[i] = acc[i+1] · x + in[i]  (i = N-2 .. 0);  out = acc[0].
//   in  : any field elements (no range is assumed or checked).
//   x   : any field element (in the bounty protocol: ρ = keccak256(bytes) mod p, a public input).
//   out : the evaluation, a field element.
// Constraints: N - 1 (one product per Horner step; acc[N-1] and out are linear and folded at --O2).
//   PolyEval(1) = 0, PolyEval(2550) = 2549.
// Prover-supplied values: none; every acc[i] is <== of the inputs.
// Use: the fingerprint of a long vector d that a contract can recompute cheaply (docs/PROTOCOL.md §5, §7):
//   if the same d is also bound to a commitment fixed BEFORE x was drawn, and x is derived from the
//   revealed data by a hash, then another vector d' ≠ d evaluates to the same out with probability
//   ≤ (N-1)/p per hash query (Schwartz–Zippel; see docs/SECURITY.md).
// Caller must still: make x and out public (or bind them), derive x from the revealed data AFTER the
//   commitment to in was fixed, and fix N (the contract must check the revealed length).
template PolyEval(N) {
    assert(N >= 1); // N: number of coefficients, must be at least 1
    signal input in[N];
    signal input x;
    signal output out;

    signal acc[N];
    acc[N - 1] <== in[N - 1];
    for (var i = N - 2; i >= 0; i--) acc[i] <== acc[i + 1] * x + in[i];
    out <== acc[0];
}
