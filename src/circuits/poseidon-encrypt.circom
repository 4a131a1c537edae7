pragma circom 2.2.3;
include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";

// PoseidonEncrypt(L): the Poseidon cipher (the Poseidon paper's SpongeWrap-like encryption with an
// authentication tag) of L field elements on circomlib's width-4 permutation PoseidonEx(3, 4);
// bit for bit the ciphertext of @zk-kit/poseidon-cipher's and maci-crypto's poseidonEncrypt
// (docs/PROTOCOL.md §7; TS reference src/core/witness/poseidon-encrypt.ts).
//   plaintext : L field elements (no range assumed).
//   key       : two field elements (the ECDH point (x, y) in the hand-over).
//   nonce     : in [0, 2^128), range-checked here (otherwise nonce + L·2^128 would not separate lengths).
//   ciphertext: 3·N + 1 field elements, N = ceil(L/3):
//     s_0 = (0, key[0], key[1], nonce + L·2^128);
//     block k < N: s_{k+1} = perm(s_k) + (0, m[3k], m[3k+1], m[3k+2]) (m zero-padded to 3N),
//                  ciphertext[3k + j] = s_{k+1}[1 + j];
//     ciphertext[3N] = perm(s_N)[1] (the tag).
// Constraints: 128 (Num2Bits(128) of the nonce) + (N + 1)·264 − 3.
//   Each PoseidonEx(3, 4) costs 264 (8 full rounds · 4 S-boxes · 3 + 56 partial rounds · 3; its Mix
//   layers and outputs are linear and folded at --O2); the first call's capacity lane is the constant 0,
//   so its first S-box (3) is free; the ciphertext elements are linear (permutation output + plaintext)
//   and cost nothing. E.g. L = 1..3: 653, L = 4: 917, L = 36: 3557.
// Prover-supplied values: none beyond the inputs; every signal is <== of them.
// Caller must still: derive the key by a sound ECDH (src/circuits/ecdh.circom), never reuse a
// (key, nonce) pair for two plaintexts, and publish or bind the ciphertext (e.g. PolyEval at ρ).
template PoseidonEncrypt(L) {
    assert(L >= 1); // L: number of plaintext elements, must be at least 1
    var N = (L + 2) \ 3;
    signal input plaintext[L];
    signal input key[2];
    signal input nonce;
    signal output ciphertext[3 * N + 1];

    component nonceBits = Num2Bits(128);
    nonceBits.in <== nonce;

    component perm[N + 1];
    for (var k = 0; k <= N; k++) {
        perm[k] = PoseidonEx(3, 4);
        if (k == 0) {
            perm[k].initialState <== 0;
            perm[k].inputs[0] <== key[0];
            perm[k].inputs[1] <== key[1];
            perm[k].inputs[2] <== nonce + L * (1 << 128);
        } else {
            perm[k].initialState <== perm[k - 1].out[0];
            for (var j = 0; j < 3; j++) perm[k].inputs[j] <== ciphertext[3 * (k - 1) + j];
        }
        if (k < N) {
            for (var j = 0; j < 3; j++) {
                if (3 * k + j < L) {
                    ciphertext[3 * k + j] <== perm[k].out[j + 1] + plaintext[3 * k + j];
                } else {
                    ciphertext[3 * k + j] <== perm[k].out[j + 1];
                }
            }
        }
    }
    ciphertext[3 * N] <== perm[N].out[1];
}
