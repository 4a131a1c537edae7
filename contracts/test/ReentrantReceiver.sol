// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice TEST ONLY: a malicious bounty participant. `exec` forwards any call (commit, withdraw);
/// on receiving ether it re-enters the target with `reenterData` (e.g. withdraw again, or claim a
/// stake twice) and records whether that succeeded. With `refuse` set it rejects every payment.
contract ReentrantReceiver {
    address public target;
    bytes public reenterData;
    bool public refuse;
    uint256 public received;
    uint256 public reentries;
    uint256 public reentrySucceeded;

    function setup(address target_, bytes calldata reenterData_, bool refuse_) external {
        target = target_;
        reenterData = reenterData_;
        refuse = refuse_;
    }

    function exec(address to, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = to.call{value: value}(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    receive() external payable {
        if (refuse) revert("refused");
        received += msg.value;
        if (reenterData.length != 0 && reentries < 3) {
            ++reentries;
            (bool ok,) = target.call(reenterData);
            if (ok) ++reentrySucceeded;
        }
    }
}
