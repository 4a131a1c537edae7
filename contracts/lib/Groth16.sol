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

    /// @dev The precompiles need about 181k + 6.15k per public signal (+ 1/64 kept back by
    /// each call); checked up front so a precompile failure can only mean an invalid input.
    function gasNeeded(uint256 nPublic) internal pure returns (uint256) {
        return 200_000 + 6_500 * nPublic;
    }

    /// @param vk data contract whose code is `0x00 ‖ vk` for a key with `nPublic` signals.
    /// @param proof 8 words (see above). The caller checks the length.
    /// @param pub `nPublic` public signals, each < R. The caller checks length and range.
    /// @return ok true iff the proof is valid for `pub` under the key.
    function verify(address vk, uint256 nPublic, uint256[] calldata proof, uint256[] calldata pub)
        internal
        view
        returns (bool ok)
    {
        uint256 need = gasNeeded(nPublic);
        if (gasleft() < need) revert VerifierOutOfGas(gasleft(), need);
        assembly ("memory-safe") {
            // Scratch memory from the free pointer on (not reserved: nothing outlives this block).
            // m      : accumulator vk_x (x, y), then the ecMul input (x, y, s) at m + 64
            // p      : pairing input, 4 × (G1, G2) = 768 bytes
            // ics    : IC[0..n] copied from the key
            let m := mload(0x40)
            let p := add(m, 160)
            let ics := add(p, 768)

            // Proof coordinates must be canonical base-field elements (no malleated encodings).
            let valid := 1
            for { let i := 0 } lt(i, 8) { i := add(i, 1) } {
                valid := and(valid, lt(calldataload(add(proof.offset, shl(5, i))), Q))
            }

            // alpha1 and beta2 go in as the second pair, gamma2 and delta2 beside vk_x and C.
            extcodecopy(vk, add(p, 192), 1, 192)
            extcodecopy(vk, add(p, 448), 193, 128)
            extcodecopy(vk, add(p, 640), 321, 128)
            extcodecopy(vk, ics, 449, shl(6, add(nPublic, 1)))

            // vk_x = IC[0] + Σ pub[i] · IC[i + 1]
            mstore(m, mload(ics))
            mstore(add(m, 32), mload(add(ics, 32)))
            for { let i := 0 } lt(i, nPublic) { i := add(i, 1) } {
                let s := calldataload(add(pub.offset, shl(5, i)))
                if s {
                    let ic := add(ics, shl(6, add(i, 1)))
                    mstore(add(m, 64), mload(ic))
                    mstore(add(m, 96), mload(add(ic, 32)))
                    mstore(add(m, 128), s)
                    valid := and(valid, staticcall(gas(), 0x07, add(m, 64), 96, add(m, 64), 64))
                    valid := and(valid, staticcall(gas(), 0x06, m, 128, m, 64))
                }
            }

            // e(-A, B) · e(alpha, beta) · e(vk_x, gamma) · e(C, delta) == 1
            mstore(p, calldataload(proof.offset))
            mstore(add(p, 32), mod(sub(Q, calldataload(add(proof.offset, 32))), Q))
            calldatacopy(add(p, 64), add(proof.offset, 64), 128)
            mstore(add(p, 384), mload(m))
            mstore(add(p, 416), mload(add(m, 32)))
            calldatacopy(add(p, 576), add(proof.offset, 192), 64)
            valid := and(valid, staticcall(gas(), 0x08, p, 768, p, 32))
            ok := and(valid, eq(mload(p), 1))
        }
    }
}
