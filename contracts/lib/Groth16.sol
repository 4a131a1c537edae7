// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Verification needs more gas than is left: reverts (so eth_estimateGas sees it) instead
/// of reading as "invalid proof". `gasNeeded` is what the check wanted.
error VerifierOutOfGas(uint256 gasLeft, uint256 gasNeeded);

/// @title Groth16 verification over BN254 (alt_bn128) with the verification key read from code.
/// @notice One verifier for every Groth16 circuit: the key is not compiled in, it is stored as
/// the runtime code of a small data contract (`0x00 ‖ vk`, the leading STOP makes it
/// uncallable) and read with EXTCODECOPY, which costs ~2.6k gas instead of the ~2.1k per word
/// that SLOADs would.
///
/// Canonical key encoding (`vk`), 32-byte big-endian words, G2 coordinates in EIP-197 order
/// (imaginary part first), i.e. exactly the constants snarkjs's own verifier template bakes in:
///   alpha1.x, alpha1.y,
///   beta2.x1, beta2.x0, beta2.y1, beta2.y0,
///   gamma2.x1, gamma2.x0, gamma2.y1, gamma2.y0,
///   delta2.x1, delta2.x0, delta2.y1, delta2.y0,
///   IC[0].x, IC[0].y, …, IC[n].x, IC[n].y          (n = number of public signals)
/// so `vk.length == 448 + 64 * (n + 1)`.
///
/// Proof encoding, 8 words: A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y (what
/// `snarkjs zkey export soliditycalldata` prints, flattened).
library Groth16 {
    /// BN254 base field modulus (coordinates).
    uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    /// BN254 scalar field modulus (public signals).
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    uint256 internal constant HEAD_BYTES = 448; // alpha, beta, gamma, delta
    uint256 internal constant PROOF_WORDS = 8;

    function vkLength(uint256 nPublic) internal pure returns (uint256) {
        return HEAD_BYTES + 64 * (nPublic + 1);
    }

    /// Public signals whose absolute value (read as a signed residue mod R) is below 2^SMALL_BITS
    /// are applied by double-and-add on ecAdd (150 gas each) instead of one ecMul (6,000 gas):
    /// at most 2·SMALL_BITS − 1 additions, which stays cheaper than ecMul + ecAdd. Small values
    /// (a class index, a boolean, a public pixel, a negative logit) are the common case in ML.
    uint256 internal constant SMALL_BITS = 10;

    /// @dev The precompiles need at most 181k + 6.15k per public signal (+ 1/64 kept back by
    /// each call); checked up front so a precompile failure can only mean an invalid input.
    function gasNeeded(uint256 nPublic) internal pure returns (uint256) {
        unchecked {
            return 200_000 + 6_500 * nPublic; // nPublic ≤ 375 (the registry's limit): no overflow
        }
    }

    /// @param vk data contract whose code is `0x00 ‖ vk` for a key with `nPublic` signals.
    /// @param proof calldata offset of the 8 proof words (see above).
    /// @param pub calldata offset of the `nPublic` public signals, each < R. The caller checks
    /// the count (against the key's size) and the range.
    /// @return ok true iff the proof is valid for the signals under the key.
    function verify(address vk, uint256 nPublic, uint256 proof, uint256 pub) internal view returns (bool ok) {
        uint256 need = gasNeeded(nPublic);
        if (gasleft() < need) revert VerifierOutOfGas(gasleft(), need);
        assembly ("memory-safe") {
            // Scratch memory from the free pointer on (not reserved: nothing outlives this block).
            // p: the pairing input, 4 × (G1, G2) = 768 bytes, finally
            //       -A | B | alpha | beta | vk_x | gamma | C | delta
            // The whole key (without its leading STOP) is read ONCE, to p + 192: alpha | beta land
            // where the pairing wants them, gamma at p + 384, delta at p + 512, IC[0..n] from p + 640.
            // vk_x is accumulated in p .. p + 192 (acc | the point to add | its copy or the ecMul
            // scalar); then delta and gamma are moved up (MCOPY) and vk_x, -A, B and C written.
            let p := mload(0x40)
            let pt := add(p, 64)
            let ics := add(p, 640)
            let valid := 1

            extcodecopy(vk, add(p, 192), 1, add(448, shl(6, add(nPublic, 1))))

            // vk_x = IC[0] + Σ pub[i] · IC[i + 1]
            mcopy(p, ics, 64)
            let ic := ics
            for { let end := add(pub, shl(5, nPublic)) } lt(pub, end) { pub := add(pub, 32) } {
                ic := add(ic, 64)
                let s := calldataload(pub)
                if s {
                    mstore(pt, mload(ic))
                    let y := mload(add(ic, 32))
                    // -k with k small: add k · (-IC) (negating y; the identity stays (0, 0)).
                    if gt(s, sub(R, shl(SMALL_BITS, 1))) {
                        s := sub(R, s)
                        y := mod(sub(Q, y), Q)
                    }
                    mstore(add(pt, 32), y)
                    switch lt(s, shl(SMALL_BITS, 1))
                    case 1 {
                        // right to left: acc += pt for each set bit, pt doubled in between
                        for {} 1 {} {
                            if and(s, 1) { valid := and(valid, staticcall(gas(), 0x06, p, 128, p, 64)) }
                            s := shr(1, s)
                            if iszero(s) { break }
                            mcopy(add(pt, 64), pt, 64)
                            valid := and(valid, staticcall(gas(), 0x06, pt, 128, pt, 64))
                        }
                    }
                    default {
                        mstore(add(pt, 64), s)
                        valid := and(valid, staticcall(gas(), 0x07, pt, 96, pt, 64))
                        valid := and(valid, staticcall(gas(), 0x06, p, 128, p, 64))
                    }
                }
            }

            // e(-A, B) · e(alpha, beta) · e(vk_x, gamma) · e(C, delta) == 1
            // A.y must be canonical (it is negated here); every other coordinate goes to the
            // pairing precompile as is, which fails on a coordinate ≥ Q.
            mcopy(add(p, 640), add(p, 512), 128) // delta (over IC[0], IC[1]: no longer needed)
            mcopy(add(p, 448), add(p, 384), 128) // gamma
            mcopy(add(p, 384), p, 64) // vk_x
            let ay := calldataload(add(proof, 32))
            valid := and(valid, lt(ay, Q))
            mstore(p, calldataload(proof))
            mstore(add(p, 32), mod(sub(Q, ay), Q))
            calldatacopy(add(p, 64), add(proof, 64), 128) // B
            calldatacopy(add(p, 576), add(proof, 192), 64) // C
            valid := and(valid, staticcall(gas(), 0x08, p, 768, p, 32))
            ok := and(valid, eq(mload(p), 1))
        }
    }
}
