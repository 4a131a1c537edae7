// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Groth16, VerifierOutOfGas} from "./lib/Groth16.sol";

/// @title VerifierRegistry: content-addressed circuits and recorded proof claims.
/// @notice A circuit is registered once, under an id that is the hash of its verification
/// logic, so nobody can put other verification code (or another key) behind an id someone
/// else registered, and an always-true verifier can only ever live under its own, different id.
///
/// - Groth16: `registerGroth16(vk)` stores the canonical key (see lib/Groth16.sol) as the code
///   of a data contract; one shared verifier reads it.
///   id = keccak256(abi.encode(uint8(1), nPublic, keccak256(vk))).
///   The data contract's address follows from the id alone (`groth16KeyAddress`): the registry
///   CREATE2s a 9-byte deployer with salt = id and a fixed init code, and that deployer's first
///   CREATE (nonce 1) is the data contract. Only the registry can deploy the deployer, and it does
///   so only with the key the id hashes, so verification finds the key without a storage read
///   (a cold SLOAD, 2,100 gas, saved on every Groth16 verification).
/// - PLONK / FFLONK: `registerVerifier(scheme, verifier, nPublic)` takes a verifier contract
///   exported by snarkjs (its key is compiled into its code).
///   id = keccak256(abi.encode(uint8(scheme), nPublic, verifier.codehash)); the code hash is
///   checked again on every verification.
///
/// `verify(id, proof, publicSignals)` checks the proof and records the claim
/// claimHash = keccak256(abi.encode(id, keccak256(abi.encodePacked(publicSignals)))) with the
/// first prover and the block, once; anything invalid reverts with a custom error, so nothing
/// invalid is ever recorded. Send it with an explicit gas limit (see docs/SECURITY.md, "Contracts").
contract VerifierRegistry {
    enum Scheme {
        None,
        Groth16,
        Plonk,
        Fflonk
    }

    /// One storage slot: where the logic is, how to call it, how many public signals.
    struct Circuit {
        address logic; // Groth16: key data contract; PLONK/FFLONK: the verifier contract
        Scheme scheme;
        uint32 nPublic;
        bytes4 selector; // PLONK/FFLONK: verifyProof(uint256[24]|bytes32[24], uint256[nPublic])
    }

    struct Claim {
        address prover;
        uint64 blockNumber;
    }

    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617; // Groth16.R
    /// verifyGroth16's calldata: selector (4) ‖ circuitId (32) ‖ proof (256) ‖ the public signals.
    uint256 internal constant SIGNALS_OFFSET = 292;

    /// A Groth16 key data contract must itself fit EIP-170 (24,576 bytes).
    uint256 public constant MAX_GROTH16_PUBLIC = 375;
    /// Upper bound for PLONK/FFLONK verifiers (keeps calldata and hashing bounded).
    uint256 public constant MAX_PUBLIC = 4096;

    /// Init code of a Groth16 key's deployer: returns the 9-byte runtime
    /// CALLDATASIZE 0 0 CALLDATACOPY CALLDATASIZE 0 0 CREATE STOP (create from the calldata as init code).
    bytes internal constant KEY_DEPLOYER_INIT = hex"68363d3d37363d3df0003d5260096017f3";
    /// keccak256(KEY_DEPLOYER_INIT), written out so that inline assembly can use it (a wrong value
    /// would put every key where the registry does not look: registration reverts, tests fail).
    uint256 internal constant KEY_DEPLOYER_INIT_HASH = 0xa076bfe310f2331b4ced5b8cc08a0e17b7fa53827e6b34fd19aba0751e993e75;

    mapping(bytes32 => Circuit) internal _circuits;
    mapping(bytes32 => address) internal _owners;
    mapping(bytes32 => Claim) internal _claims;

    event CircuitRegistered(
        bytes32 indexed circuitId, address indexed owner, Scheme scheme, address logic, uint256 nPublic
    );
    /// claimHash = keccak256(circuitId ‖ publicSignalsHash): derived from the topics, not repeated.
    event ProofVerified(address indexed prover, bytes32 indexed circuitId, bytes32 indexed publicSignalsHash);

    error CircuitAlreadyRegistered(bytes32 circuitId, address owner);
    error UnknownCircuit(bytes32 circuitId);
    error UnsupportedScheme(uint8 scheme);
    error MalformedVerificationKey(uint256 length);
    error KeyValueNotInField(uint256 index);
    error DegenerateVerificationKey();
    error BadPublicSignalCount(uint256 nPublic, uint256 max);
    error NotAContract(address verifier);
    error ProofLengthMismatch(uint256 expected, uint256 actual);
    error PublicSignalsLengthMismatch(uint256 expected, uint256 actual);
    error SignalNotInField(uint256 index);
    error InvalidProof(bytes32 circuitId);
    error ClaimAlreadyRecorded(bytes32 claimHash, address prover, uint64 blockNumber);
    error VerifierCodeChanged(bytes32 circuitId, address verifier);
    error DataDeploymentFailed(bytes32 circuitId);

    // ---------------------------------------------------------------- registration

    /// @notice Registers a Groth16 circuit by its canonical verification key.
    function registerGroth16(bytes calldata vk) external returns (bytes32 circuitId) {
        uint256 len = vk.length;
        if (len < Groth16.vkLength(1) || (len - Groth16.HEAD_BYTES) % 64 != 0) {
            revert MalformedVerificationKey(len);
        }
        uint256 n = (len - Groth16.HEAD_BYTES) / 64 - 1;
        if (n > MAX_GROTH16_PUBLIC) revert BadPublicSignalCount(n, MAX_GROTH16_PUBLIC);
        for (uint256 i = 0; i < len / 32; ++i) {
            if (uint256(bytes32(vk[i * 32:i * 32 + 32])) >= Groth16.Q) revert KeyValueNotInField(i);
        }
        // Hygiene, not a guarantee (whoever knows a key's trapdoor can forge under ITS id): refuse
        // keys that are forgeable by construction — an identity alpha/beta/gamma/delta, or
        // gamma == delta (lets public inputs be moved into C).
        if (
            _isZero(vk[0:64]) || _isZero(vk[64:192]) || _isZero(vk[192:320]) || _isZero(vk[320:448])
                || keccak256(vk[192:320]) == keccak256(vk[320:448])
        ) revert DegenerateVerificationKey();
        circuitId = keccak256(abi.encode(uint8(Scheme.Groth16), n, keccak256(vk)));
        _requireFree(circuitId);

        // A data contract with runtime code 0x00 ‖ vk, created by the id's deployer (see the contract
        // comment). Its init code (12 bytes): PUSH2 size, DUP1, PUSH1 12, PUSH1 0, CODECOPY, PUSH1 0, RETURN
        uint256 size = len + 1;
        bytes memory init = abi.encodePacked(
            hex"61", uint16(size), hex"80600c6000396000f3", hex"00", vk
        );
        bytes memory deployerInit = KEY_DEPLOYER_INIT;
        address deployer;
        bool ok;
        assembly ("memory-safe") {
            deployer := create2(0, add(deployerInit, 32), mload(deployerInit), circuitId)
            if deployer { ok := call(gas(), deployer, 0, add(init, 32), mload(init), 0, 0) }
        }
        address data = _groth16Key(circuitId);
        if (!ok || data.code.length != size) revert DataDeploymentFailed(circuitId);
        _store(circuitId, Circuit(data, Scheme.Groth16, uint32(n), bytes4(0)));
    }

    /// @notice Registers a snarkjs-exported PLONK or FFLONK verifier contract.
    function registerVerifier(Scheme scheme, address verifier, uint32 nPublic) external returns (bytes32 circuitId) {
        if (scheme != Scheme.Plonk && scheme != Scheme.Fflonk) revert UnsupportedScheme(uint8(scheme));
        if (nPublic == 0 || nPublic > MAX_PUBLIC) revert BadPublicSignalCount(nPublic, MAX_PUBLIC);
        if (verifier.code.length == 0) revert NotAContract(verifier);
        circuitId = keccak256(abi.encode(uint8(scheme), uint256(nPublic), verifier.codehash));
        _requireFree(circuitId);
        bytes4 selector = bytes4(
            keccak256(
                abi.encodePacked(
                    scheme == Scheme.Plonk ? "verifyProof(uint256[24],uint256[" : "verifyProof(bytes32[24],uint256[",
                    _decimal(nPublic),
                    "])"
                )
            )
        );
        _store(circuitId, Circuit(verifier, scheme, nPublic, selector));
    }

    function _requireFree(bytes32 circuitId) private view {
        if (_circuits[circuitId].scheme != Scheme.None) revert CircuitAlreadyRegistered(circuitId, _owners[circuitId]);
    }

    function _store(bytes32 circuitId, Circuit memory c) private {
        _circuits[circuitId] = c;
        _owners[circuitId] = msg.sender;
        emit CircuitRegistered(circuitId, msg.sender, c.scheme, c.logic, c.nPublic);
    }

    // ---------------------------------------------------------------- verification

    /// @notice Verifies a proof and records its claim (first prover, block). Reverts on anything
    /// invalid, including a claim already recorded. (A Groth16 proof costs less through
    /// `verifyGroth16`, same checks and record.)
    function verify(bytes32 circuitId, uint256[] calldata proof, uint256[] calldata publicSignals)
        external
        returns (bytes32 claimHash)
    {
        Circuit memory c = _load(circuitId, proof, publicSignals);
        bytes32 signalsHash = _hashSignals(_at(publicSignals), publicSignals.length);
        claimHash = _claimHash(circuitId, signalsHash);
        uint256 slot = _claimSlot(claimHash);
        if (!_check(circuitId, c, _at(proof), _at(publicSignals))) revert InvalidProof(circuitId);
        _record(circuitId, signalsHash, slot);
    }

    /// @notice Groth16 only, the same checks and record as `verify` in a compact calldata layout
    /// (no ABI offsets and lengths): `selector ‖ circuitId ‖ proof (8 words) ‖ publicSignals`,
    /// the public signals (32 bytes each) running to the end of the calldata, so their number is
    /// (calldata size − 292) / 32; it must be the key's. `encodeVerifyGroth16` in
    /// src/chain/calldata.ts writes it, `decodeVerifyGroth16` reads it back.
    function verifyGroth16(bytes32 circuitId, uint256[8] calldata proof) external returns (bytes32 claimHash) {
        // One assembly block up to the proof check (this path is what the studio pays for):
        // the key's address and size, the signal count and range, the claim and its slot.
        uint256 n;
        address key;
        uint256 slot;
        bytes32 signalsHash;
        uint256 err; // 0, or what is wrong: see _refuse
        uint256 nKey;
        assembly ("memory-safe") {
            let len := sub(calldatasize(), SIGNALS_OFFSET) // the ABI decoder checked calldatasize ≥ 292
            n := shr(5, len)
            if and(len, 31) { n := not(0) } // not whole words: no key matches
            // _groth16Key, inline (scratch memory from the free pointer)
            let m := mload(0x40)
            mstore(m, or(shl(160, 0xff), address()))
            mstore(add(m, 32), circuitId)
            mstore(add(m, 64), KEY_DEPLOYER_INIT_HASH)
            let deployer := and(keccak256(add(m, 11), 85), 0xffffffffffffffffffffffffffffffffffffffff)
            mstore(m, or(shl(168, 0xd694), shl(8, deployer)))
            mstore8(add(m, 31), 0x01)
            key := and(keccak256(add(m, 9), 23), 0xffffffffffffffffffffffffffffffffffffffff)
            let size := extcodesize(key)
            // size = 1 + 448 + 64 (nKey + 1) for every key the registry deploys
            nKey := sub(shr(6, sub(size, 449)), 1)
            switch iszero(size)
            case 1 { err := 1 }
            default {
                switch eq(n, nKey)
                case 0 { err := 2 }
                default {
                    // every signal < R (the first offender reported, as verify does)
                    for { let i := n } i {} {
                        i := sub(i, 1)
                        if iszero(lt(calldataload(add(SIGNALS_OFFSET, shl(5, i))), R)) { err := add(3, i) }
                    }
                    calldatacopy(m, SIGNALS_OFFSET, shl(5, n))
                    signalsHash := keccak256(m, shl(5, n))
                    mstore(0, circuitId)
                    mstore(32, signalsHash)
                    claimHash := keccak256(0, 64)
                    mstore(0, claimHash)
                    mstore(32, _claims.slot)
                    slot := keccak256(0, 64)
                    if sload(slot) { err := not(0) }
                }
            }
        }
        if (err != 0) _refuse(circuitId, err, n, nKey, claimHash);
        uint256 proofAt;
        assembly ("memory-safe") {
            proofAt := proof
        }
        if (!Groth16.verify(key, n, proofAt, SIGNALS_OFFSET)) revert InvalidProof(circuitId);
        bytes32 topic = ProofVerified.selector;
        assembly ("memory-safe") {
            sstore(slot, or(caller(), shl(160, number())))
            log4(0, 0, topic, caller(), circuitId, signalsHash)
            mstore(0, claimHash)
            return(0, 32)
        }
    }

    /// verifyGroth16's errors (off the gas-critical path).
    function _refuse(bytes32 circuitId, uint256 err, uint256 n, uint256 nKey, bytes32 claimHash) private view {
        if (err == 1) {
            if (_circuits[circuitId].scheme == Scheme.None) revert UnknownCircuit(circuitId);
            revert ProofLengthMismatch(24, Groth16.PROOF_WORDS); // a PLONK/FFLONK circuit
        }
        if (err == 2) revert PublicSignalsLengthMismatch(nKey, n);
        if (err == type(uint256).max) {
            Claim memory c = _claims[claimHash];
            revert ClaimAlreadyRecorded(claimHash, c.prover, c.blockNumber);
        }
        revert SignalNotInField(err - 3);
    }

    /// @notice Checks a proof without recording anything (reverts only on malformed input).
    function verifyProof(bytes32 circuitId, uint256[] calldata proof, uint256[] calldata publicSignals)
        external
        view
        returns (bool)
    {
        Circuit memory c = _load(circuitId, proof, publicSignals);
        return _check(circuitId, c, _at(proof), _at(publicSignals));
    }

    /// The claim's slot, after making sure it is free.
    function _claimSlot(bytes32 claimHash) private view returns (uint256 slot) {
        uint256 v;
        assembly ("memory-safe") {
            mstore(0, claimHash)
            mstore(32, _claims.slot)
            slot := keccak256(0, 64)
            v := sload(slot)
        }
        if (v != 0) revert ClaimAlreadyRecorded(claimHash, address(uint160(v)), uint64(v >> 160));
    }

    /// One SSTORE of the packed slot (prover | blockNumber << 160), then the event (its claimHash
    /// is keccak256(circuitId ‖ publicSignalsHash), not repeated in it).
    function _record(bytes32 circuitId, bytes32 signalsHash, uint256 slot) private {
        assembly ("memory-safe") {
            sstore(slot, or(caller(), shl(160, number())))
        }
        emit ProofVerified(msg.sender, circuitId, signalsHash);
    }

    /// verifyGroth16 on an id with no key contract: which error.
    function _refuseGroth16(bytes32 circuitId) private view {
        Circuit memory c = _circuits[circuitId];
        if (c.scheme == Scheme.None) revert UnknownCircuit(circuitId);
        revert ProofLengthMismatch(24, Groth16.PROOF_WORDS);
    }

    function _load(bytes32 circuitId, uint256[] calldata proof, uint256[] calldata publicSignals)
        private
        view
        returns (Circuit memory c)
    {
        // A Groth16 proof (8 words): the key's data contract sits at an address the id determines,
        // and its size gives the number of public signals; no storage read.
        uint256 size;
        if (proof.length == Groth16.PROOF_WORDS) {
            address key = _groth16Key(circuitId);
            size = key.code.length;
            if (size != 0) c = Circuit(key, Scheme.Groth16, uint32((size - 1 - Groth16.HEAD_BYTES) / 64 - 1), bytes4(0));
        }
        if (size == 0) c = _circuits[circuitId];
        if (c.scheme == Scheme.None) revert UnknownCircuit(circuitId);
        uint256 words = c.scheme == Scheme.Groth16 ? Groth16.PROOF_WORDS : 24;
        if (proof.length != words) revert ProofLengthMismatch(words, proof.length);
        if (publicSignals.length != c.nPublic) revert PublicSignalsLengthMismatch(c.nPublic, publicSignals.length);
        for (uint256 i = 0; i < publicSignals.length; ++i) {
            if (publicSignals[i] >= R) revert SignalNotInField(i);
        }
    }

    function _check(bytes32 circuitId, Circuit memory c, uint256 proof, uint256 publicSignals)
        private
        view
        returns (bool ok)
    {
        if (c.scheme == Scheme.Groth16) {
            return Groth16.verify(c.logic, c.nPublic, proof, publicSignals);
        }
        // The id commits to the code: refuse if what sits at the address is no longer it.
        address v = c.logic;
        if (keccak256(abi.encode(uint8(c.scheme), uint256(c.nPublic), v.codehash)) != circuitId) {
            revert VerifierCodeChanged(circuitId, v);
        }
        uint256 n = c.nPublic;
        bytes memory data = new bytes(4 + 32 * (24 + n));
        bytes4 selector = c.selector;
        assembly ("memory-safe") {
            mstore(add(data, 32), selector)
            calldatacopy(add(data, 36), proof, 768)
            calldatacopy(add(data, 804), publicSignals, shl(5, n))
        }
        uint256 g0 = gasleft();
        assembly ("memory-safe") {
            let success := staticcall(gas(), v, add(data, 32), mload(data), 0, 32)
            ok := and(success, and(eq(returndatasize(), 32), eq(mload(0), 1)))
        }
        // snarkjs verifiers return false (not revert) when a precompile runs out of gas: tell
        // that apart from a wrong proof by what is left (an out-of-gas call burns 63/64).
        if (!ok && gasleft() < g0 / 16) revert VerifierOutOfGas(gasleft(), g0);
    }

    // ---------------------------------------------------------------- reads

    function getCircuit(bytes32 circuitId)
        external
        view
        returns (Scheme scheme, address logic, uint32 nPublic, address owner)
    {
        Circuit memory c = _circuits[circuitId];
        return (c.scheme, c.logic, c.nPublic, _owners[circuitId]);
    }

    /// @return prover first prover of the claim (zero if never verified)
    /// @return blockNumber block it was recorded in (zero if never verified)
    function getClaim(bytes32 claimHash) external view returns (address prover, uint64 blockNumber) {
        Claim memory c = _claims[claimHash];
        return (c.prover, c.blockNumber);
    }

    function claimHashOf(bytes32 circuitId, uint256[] calldata publicSignals) external pure returns (bytes32) {
        return _claimHash(circuitId, _hashSignals(_at(publicSignals), publicSignals.length));
    }

    function groth16CircuitId(bytes calldata vk) external pure returns (bytes32) {
        uint256 len = vk.length;
        if (len < Groth16.vkLength(1) || (len - Groth16.HEAD_BYTES) % 64 != 0) {
            revert MalformedVerificationKey(len);
        }
        return keccak256(abi.encode(uint8(Scheme.Groth16), (len - Groth16.HEAD_BYTES) / 64 - 1, keccak256(vk)));
    }

    /// @notice Where the key data contract of a Groth16 circuit id is (or would be): code there
    /// means the circuit is registered.
    function groth16KeyAddress(bytes32 circuitId) external view returns (address) {
        return _groth16Key(circuitId);
    }

    // ---------------------------------------------------------------- helpers

    /// The deployer: CREATE2(this, salt = circuitId, KEY_DEPLOYER_INIT); the key: its CREATE at
    /// nonce 1, keccak256(rlp([deployer, 1])) = keccak256(0xd6 ‖ 0x94 ‖ deployer ‖ 0x01).
    function _groth16Key(bytes32 circuitId) private view returns (address key) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, or(shl(160, 0xff), address()))
            mstore(add(m, 32), circuitId)
            mstore(add(m, 64), KEY_DEPLOYER_INIT_HASH)
            let deployer := and(keccak256(add(m, 11), 85), 0xffffffffffffffffffffffffffffffffffffffff)
            mstore(m, or(shl(168, 0xd694), shl(8, deployer)))
            mstore8(add(m, 31), 0x01)
            key := and(keccak256(add(m, 9), 23), 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }

    /// Where a calldata array's words start.
    function _at(uint256[] calldata a) private pure returns (uint256 offset) {
        assembly ("memory-safe") {
            offset := a.offset
        }
    }

    function _hashSignals(uint256 offset, uint256 count) private pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            let n := shl(5, count)
            calldatacopy(m, offset, n)
            h := keccak256(m, n)
        }
    }

    function _claimHash(bytes32 circuitId, bytes32 signalsHash) private pure returns (bytes32 h) {
        assembly ("memory-safe") {
            mstore(0, circuitId)
            mstore(32, signalsHash)
            h := keccak256(0, 64)
        }
    }

    function _isZero(bytes calldata b) private pure returns (bool) {
        for (uint256 i = 0; i < b.length; i += 32) {
            if (bytes32(b[i:i + 32]) != 0) return false;
        }
        return true;
    }

    function _decimal(uint256 v) private pure returns (bytes memory out) {
        if (v == 0) return "0";
        uint256 digits;
        for (uint256 t = v; t != 0; t /= 10) ++digits;
        out = new bytes(digits);
        for (; v != 0; v /= 10) out[--digits] = bytes1(uint8(48 + (v % 10)));
    }
}
