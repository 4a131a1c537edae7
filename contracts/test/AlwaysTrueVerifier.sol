// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice TEST ONLY: the ZKaggleV2 attack verifier, which accepts every proof. Used to show that
/// it can only be registered under its own id, never behind a circuit someone else registered.
contract AlwaysTrueVerifier {
    fallback(bytes calldata) external returns (bytes memory) {
        return abi.encode(true);
    }
}
