// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev The part of VerifierRegistry the bounties use: read-only checks, no foreign verifier code.
interface IVerifierRegistry {
    function verifyProof(bytes32 circuitId, uint256[] calldata proof, uint256[] calldata publicSignals)
        external
        view
        returns (bool);
    function getCircuit(bytes32 circuitId)
        external
        view
        returns (uint8 scheme, address logic, uint32 nPublic, address owner);
}

/// @title BountyManager: model bounties with a hidden test set, many hunters, deadlines, pull payments.
/// @notice One contract holds every bounty (docs/PROTOCOL.md §5–§8, docs/SECURITY.md "Bounties").
/// Lifecycle: create (reward + bond) → commit (hunters: model commitment, architecture, stake)
/// → reveal (provider: the test set R as calldata + proof of consistency with testRoot)
/// → prove (hunters: one accuracy proof per batch, beneficiary = msg.sender) → finalize (anyone)
/// → hand-over (winner: encrypted model in an event + proof). Every other path is a refund that
/// anyone can trigger once its deadline has passed: `closeUnrevealed`, `finalize` without a winner,
/// `expireHandover`, `returnStake`. Payments are credited and pulled with `withdraw`.
///
/// The bounty's terms are immutable: stored as keccak256(abi.encode(terms)) in one slot (the full
/// terms are in the BountyCreated event) and passed back by every call that needs them.
/// Proofs are checked by the VerifierRegistry's `verifyProof` under circuit ids pinned in the
/// terms at creation (each checked registered with the expected number of public signals); the
/// public signals are built here from the bounty's state, never taken from the caller.
contract BountyManager {
    /// BN254 scalar field order (public signals, ρ, e).
    uint256 internal constant P = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// BabyJubJub (circomlib): a·x² + y² = 1 + d·x²·y² over F_P.
    uint256 internal constant BJJ_A = 168700;
    uint256 internal constant BJJ_D = 168696;
    /// Batches per bounty: the per-hunter batch bitmap lives in the hunter's entry slot.
    uint256 public constant MAX_BATCHES = 192;
    /// Architectures (accuracy + hand-over circuit pairs) per bounty.
    uint256 public constant MAX_ARCHITECTURES = 16;
    /// Public signals of the three circuits (PROTOCOL §5, §6, §7).
    uint256 internal constant REVEAL_SIGNALS = 3;
    uint256 internal constant ACCURACY_SIGNALS = 6;
    uint256 internal constant HANDOVER_SIGNALS = 8;

    IVerifierRegistry public immutable registry;

    enum State {
        None,
        Open, // committing, then awaiting the reveal
        Revealed, // proving
        Awarded, // finalized with a winner, awaiting the hand-over
        NoWinner, // finalized without a winner (final)
        Unrevealed, // the provider did not reveal in time, or nobody committed (final)
        HandedOver, // the winner handed the model over (final)
        HandoverMissed // the winner missed the hand-over deadline (final)
    }

    /// Immutable terms, fixed at creation.
    struct Terms {
        address provider;
        uint128 reward;
        uint128 bond;
        uint128 stake; // each hunter's stake
        uint256 testRoot; // PROTOCOL §4
        uint32 n; // test-set size N
        uint32 batchSize; // B (K = N / B batches)
        uint32 sampleBytes; // S, bytes per sample (the reveal's length follows)
        uint32 classes; // C: every revealed label must be < C
        uint32 threshold; // minimum total correct over all N
        uint64 commitDeadline;
        uint64 revealDeadline;
        uint64 proveDeadline;
        uint64 handoverDeadline;
        uint256 providerPubX; // BabyJubJub public key of the provider (PROTOCOL §7)
        uint256 providerPubY;
        bytes32 revealCircuitId; // RevealTestSet(K, M): [testRoot, e, ρ]
        bytes32[] accuracyCircuitIds; // per accepted architecture: [correct, commitment, testRoot, batchIndex, beneficiary, bountyId]
        bytes32[] handoverCircuitIds; // same index: [commitment, hunterPubX, hunterPubY, e, providerPubX, providerPubY, nonce, ρ]
    }

    struct Bounty {
        bytes32 termsHash;
        // one slot: the leader so far, its total and commit order, the state and the hunter count
        address best;
        uint32 bestCorrect;
        uint32 bestOrder;
        State state;
        uint16 hunters;
        // wei this bounty still holds (reward, bond and stakes not yet credited to anyone)
        uint128 held;
    }

    struct Entry {
        uint256 commitment;
        // one slot: commit order (1-based; 0 = no entry), architecture, settled, total, batches proved
        uint16 order;
        uint8 arch;
        bool settled;
        uint32 correct;
        uint192 batches;
    }

    uint256 public bountyCount;
    mapping(uint256 => Bounty) internal _bounties;
    mapping(uint256 => mapping(address => Entry)) internal _entries;
    /// Pull payments: wei credited to an account, sent by `withdraw`.
    mapping(address => uint256) public credit;

    event BountyCreated(uint256 indexed bountyId, address indexed provider, bytes32 termsHash, Terms terms, string datasetCid);
    event Committed(uint256 indexed bountyId, address indexed hunter, uint256 order, uint256 arch, uint256 commitment);
    /// The test set itself is the reveal transaction's calldata; only its hash is logged.
    event TestSetRevealed(uint256 indexed bountyId, bytes32 dataHash, uint256 rho, uint256 e);
    event BatchProved(uint256 indexed bountyId, address indexed hunter, uint256 batchIndex, uint256 correct, uint256 total);
    event Finalized(uint256 indexed bountyId, address indexed winner, uint256 correct);
    event ModelHandedOver(
        uint256 indexed bountyId,
        address indexed winner,
        uint256 hunterPubX,
        uint256 hunterPubY,
        uint256 nonce,
        uint256[] ciphertext
    );
    event HandoverMissed(uint256 indexed bountyId, address indexed winner);
    event RevealMissed(uint256 indexed bountyId, uint256 hunters);
    event StakeReturned(uint256 indexed bountyId, address indexed hunter, uint256 amount);
    event Credited(address indexed account, uint256 indexed bountyId, uint256 amount);
    event Withdrawn(address indexed account, uint256 amount);

    error NotProvider(address caller);
    error WrongValue(uint256 expected, uint256 actual);
    error BadTerms(string reason);
    error CircuitNotRegistered(bytes32 circuitId);
    error CircuitSignalCount(bytes32 circuitId, uint256 expected, uint256 actual);
    error BadProviderKey();
    error UnknownBounty(uint256 bountyId);
    error TermsMismatch(uint256 bountyId);
    error WrongState(uint256 bountyId, State state);
    error TooEarly(uint256 deadline, uint256 timestamp);
    error TooLate(uint256 deadline, uint256 timestamp);
    error AlreadyCommitted(uint256 bountyId, address hunter);
    error NotCommitted(uint256 bountyId, address hunter);
    error BadArchitecture(uint256 arch);
    error NotInField(uint256 value);
    error TooManyHunters();
    error NoHunters(uint256 bountyId);
    error BadRevealLength(uint256 expected, uint256 actual);
    error BadLabel(uint256 batchIndex, uint256 sample, uint256 label);
    error NonZeroPadding(uint256 batchIndex);
    error BadBatch(uint256 batchIndex, uint256 batches);
    error BatchAlreadyProved(uint256 bountyId, address hunter, uint256 batchIndex);
    error BadCorrect(uint256 correct, uint256 batchSize);
    error InvalidProof(bytes32 circuitId);
    error NotWinner(address caller, address winner);
    error IsWinner(address hunter);
    error AlreadySettled(uint256 bountyId, address hunter);
    error NothingToWithdraw(address account);
    error TransferFailed(address account, uint256 amount);

    constructor(IVerifierRegistry registry_) {
        registry = registry_;
    }

    // ------------------------------------------------------------------ create

    /// @notice Creates a bounty; msg.value must be reward + bond. `datasetCid` (optional) is only logged.
    function createBounty(Terms calldata t, string calldata datasetCid) external payable returns (uint256 bountyId) {
        if (t.provider != msg.sender) revert NotProvider(msg.sender);
        uint256 value = uint256(t.reward) + t.bond;
        if (msg.value != value) revert WrongValue(value, msg.value);
        if (t.reward == 0) revert BadTerms("reward");
        if (t.n == 0 || t.batchSize == 0 || t.n % t.batchSize != 0) revert BadTerms("n, batchSize");
        if (t.n / t.batchSize > MAX_BATCHES) revert BadTerms("batches");
        if (t.sampleBytes == 0) revert BadTerms("sampleBytes");
        if (t.classes < 2 || t.classes > 256) revert BadTerms("classes");
        if (t.threshold == 0 || t.threshold > t.n) revert BadTerms("threshold");
        if (
            block.timestamp >= t.commitDeadline || t.commitDeadline >= t.revealDeadline
                || t.revealDeadline >= t.proveDeadline || t.proveDeadline >= t.handoverDeadline
        ) revert BadTerms("deadlines");
        if (t.testRoot >= P) revert NotInField(t.testRoot);
        _checkProviderKey(t.providerPubX, t.providerPubY);
        uint256 archs = t.accuracyCircuitIds.length;
        if (archs == 0 || archs > MAX_ARCHITECTURES || t.handoverCircuitIds.length != archs) {
            revert BadTerms("architectures");
        }
        _checkCircuit(t.revealCircuitId, REVEAL_SIGNALS);
        for (uint256 i = 0; i < archs; ++i) {
            _checkCircuit(t.accuracyCircuitIds[i], ACCURACY_SIGNALS);
            _checkCircuit(t.handoverCircuitIds[i], HANDOVER_SIGNALS);
        }

        bountyId = ++bountyCount;
        bytes32 h = keccak256(abi.encode(t));
        Bounty storage b = _bounties[bountyId];
        b.termsHash = h;
        b.state = State.Open;
        b.held = uint128(value);
        emit BountyCreated(bountyId, msg.sender, h, t, datasetCid);
    }

    // ------------------------------------------------------------------ commit

    /// @notice Enters the bounty (once per hunter) with a model commitment for architecture `arch`
    /// (an index into the accepted circuit ids); msg.value must be the stake.
    function commit(uint256 bountyId, Terms calldata t, uint256 arch, uint256 commitment) external payable {
        Bounty storage b = _load(bountyId, t);
        _expectState(bountyId, b, State.Open);
        if (block.timestamp > t.commitDeadline) revert TooLate(t.commitDeadline, block.timestamp);
        if (msg.value != t.stake) revert WrongValue(t.stake, msg.value);
        if (arch >= t.accuracyCircuitIds.length) revert BadArchitecture(arch);
        if (commitment >= P) revert NotInField(commitment);
        Entry storage en = _entries[bountyId][msg.sender];
        if (en.order != 0) revert AlreadyCommitted(bountyId, msg.sender);
        uint256 order = uint256(b.hunters) + 1;
        if (order > type(uint16).max) revert TooManyHunters();

        b.hunters = uint16(order);
        b.held += uint128(msg.value);
        en.commitment = commitment;
        en.order = uint16(order);
        en.arch = uint8(arch);
        emit Committed(bountyId, msg.sender, order, arch, commitment);
    }

    // ------------------------------------------------------------------ reveal

    /// @notice Reveals the test set (PROTOCOL §5): `data` = P_0 ‖ … ‖ P_{K−1}, each batch payload
    /// padded to 31-byte chunks; `proof` shows it hashes to testRoot and evaluates to e at ρ.
    /// Only its hash is logged. Returns the provider's bond.
    function reveal(uint256 bountyId, Terms calldata t, bytes calldata data, uint256[] calldata proof) external {
        Bounty storage b = _load(bountyId, t);
        _expectState(bountyId, b, State.Open);
        if (msg.sender != t.provider) revert NotProvider(msg.sender);
        if (block.timestamp <= t.commitDeadline) revert TooEarly(t.commitDeadline, block.timestamp);
        if (block.timestamp > t.revealDeadline) revert TooLate(t.revealDeadline, block.timestamp);
        if (b.hunters == 0) revert NoHunters(bountyId);
        uint256 expected = revealLength(t.n, t.batchSize, t.sampleBytes);
        if (data.length != expected) revert BadRevealLength(expected, data.length);
        _checkBatches(data, t);

        bytes32 dataHash;
        uint256 rho;
        uint256 e;
        assembly ("memory-safe") {
            let m := mload(0x40)
            calldatacopy(m, data.offset, data.length)
            dataHash := keccak256(m, data.length)
            rho := mod(dataHash, P)
            // Horner from the last 31-byte chunk: e = Σ d_i ρ^i. A 32-byte load at 31·i holds d_i in
            // its first 31 bytes (the last chunk's load reads zeros past the end, shifted out).
            for { let i := div(data.length, 31) } i {} {
                i := sub(i, 1)
                let d := shr(8, calldataload(add(data.offset, mul(i, 31))))
                e := addmod(mulmod(e, rho, P), d, P)
            }
        }
        uint256[] memory signals = new uint256[](REVEAL_SIGNALS);
        signals[0] = t.testRoot;
        signals[1] = e;
        signals[2] = rho;
        _verify(t.revealCircuitId, proof, signals);

        b.state = State.Revealed;
        emit TestSetRevealed(bountyId, dataHash, rho, e);
        _credit(bountyId, b, t.provider, t.bond);
    }

    /// Liveness (PROTOCOL §5): every label byte < C and every padding byte zero, or the accuracy
    /// circuit could not open that batch and the provider could make every hunter's proof impossible.
    function _checkBatches(bytes calldata data, Terms calldata t) private pure {
        uint256 batchSize = t.batchSize;
        uint256 classes = t.classes;
        uint256 labelsAt = 31 + batchSize * t.sampleBytes; // offset of the labels in a batch payload
        uint256 batchBytes = ((labelsAt + batchSize + 30) / 31) * 31;
        uint256 pad = batchBytes - labelsAt - batchSize; // < 31
        uint256 batches = t.n / batchSize;
        for (uint256 k = 0; k < batches; ++k) {
            uint256 off = k * batchBytes + labelsAt;
            uint256 badAt; // 1 + the first label ≥ C
            uint256 padding;
            assembly ("memory-safe") {
                for { let b := 0 } lt(b, batchSize) { b := add(b, 1) } {
                    let label := byte(0, calldataload(add(data.offset, add(off, b))))
                    if iszero(lt(label, classes)) {
                        badAt := add(b, 1)
                        break
                    }
                }
                if pad { padding := shr(shl(3, sub(32, pad)), calldataload(add(data.offset, add(off, batchSize)))) }
            }
            if (badAt != 0) revert BadLabel(k, badAt - 1, uint8(data[off + badAt - 1]));
            if (padding != 0) revert NonZeroPadding(k);
        }
    }

    /// @notice Bytes of a reveal (PROTOCOL §4): K batches of ⌈(31 + B·S + B) / 31⌉ chunks of 31 bytes.
    function revealLength(uint256 n, uint256 batchSize, uint256 sampleBytes) public pure returns (uint256) {
        uint256 chunks = (31 + batchSize * sampleBytes + batchSize + 30) / 31;
        return (n / batchSize) * chunks * 31;
    }

    // ------------------------------------------------------------------ prove

    /// @notice Counts one batch's accuracy proof for msg.sender (PROTOCOL §6): public signals
    /// [correct, commitment, testRoot, batchIndex, beneficiary = msg.sender, bountyId].
    function submitBatchProof(
        uint256 bountyId,
        Terms calldata t,
        uint256 batchIndex,
        uint256 correct,
        uint256[] calldata proof
    ) external {
        Bounty storage b = _load(bountyId, t);
        _expectState(bountyId, b, State.Revealed);
        if (block.timestamp > t.proveDeadline) revert TooLate(t.proveDeadline, block.timestamp);
        Entry storage en = _entries[bountyId][msg.sender];
        uint256 order = en.order;
        if (order == 0) revert NotCommitted(bountyId, msg.sender);
        uint256 batches = t.n / t.batchSize;
        if (batchIndex >= batches) revert BadBatch(batchIndex, batches);
        uint192 bit = uint192(1 << batchIndex); // batchIndex < MAX_BATCHES = 192
        if (en.batches & bit != 0) revert BatchAlreadyProved(bountyId, msg.sender, batchIndex);
        if (correct > t.batchSize) revert BadCorrect(correct, t.batchSize);

        uint256[] memory signals = new uint256[](ACCURACY_SIGNALS);
        signals[0] = correct;
        signals[1] = en.commitment;
        signals[2] = t.testRoot;
        signals[3] = batchIndex;
        signals[4] = uint256(uint160(msg.sender));
        signals[5] = bountyId;
        _verify(t.accuracyCircuitIds[en.arch], proof, signals);

        uint32 total = en.correct + uint32(correct);
        en.correct = total;
        en.batches |= bit;
        // The leader: the best total so far, ties to the earliest commit.
        if (total > b.bestCorrect || (total == b.bestCorrect && (b.bestOrder == 0 || order < b.bestOrder))) {
            b.best = msg.sender;
            b.bestCorrect = total;
            b.bestOrder = uint32(order);
        }
        emit BatchProved(bountyId, msg.sender, batchIndex, correct, total);
    }

    // ------------------------------------------------------------------ award

    /// @notice After the prove deadline, anyone: the leader wins if its total reaches the
    /// threshold; otherwise the reward is refunded (stakes are returned by `returnStake`).
    function finalize(uint256 bountyId, Terms calldata t) external {
        Bounty storage b = _load(bountyId, t);
        _expectState(bountyId, b, State.Revealed);
        if (block.timestamp <= t.proveDeadline) revert TooEarly(t.proveDeadline, block.timestamp);
        if (b.bestOrder != 0 && b.bestCorrect >= t.threshold) {
            b.state = State.Awarded;
            emit Finalized(bountyId, b.best, b.bestCorrect);
        } else {
            b.state = State.NoWinner;
            emit Finalized(bountyId, address(0), b.bestCorrect);
            _credit(bountyId, b, t.provider, t.reward);
        }
    }

    /// @notice The winner hands its model over (PROTOCOL §7): the ciphertext (each word < p) is
    /// logged, never stored; the proof binds it to the committed model and the provider's key.
    /// Credits the reward and the winner's stake.
    function handOver(
        uint256 bountyId,
        Terms calldata t,
        uint256[] calldata ciphertext,
        uint256 hunterPubX,
        uint256 hunterPubY,
        uint256 nonce,
        uint256[] calldata proof
    ) external {
        Bounty storage b = _load(bountyId, t);
        _expectState(bountyId, b, State.Awarded);
        if (msg.sender != b.best) revert NotWinner(msg.sender, b.best);
        if (block.timestamp > t.handoverDeadline) revert TooLate(t.handoverDeadline, block.timestamp);
        if (ciphertext.length == 0) revert BadTerms("ciphertext");
        Entry storage en = _entries[bountyId][msg.sender];
        uint256[] memory signals = _handoverSignals(t, en.commitment, ciphertext, hunterPubX, hunterPubY, nonce);
        _verify(t.handoverCircuitIds[en.arch], proof, signals);

        b.state = State.HandedOver;
        en.settled = true;
        emit ModelHandedOver(bountyId, msg.sender, hunterPubX, hunterPubY, nonce, ciphertext);
        _credit(bountyId, b, msg.sender, uint256(t.reward) + t.stake);
    }

    // ------------------------------------------------------------------ refunds (anyone, after a deadline)

    /// @notice The winner missed the hand-over deadline: its stake goes to the provider, and the reward back.
    function expireHandover(uint256 bountyId, Terms calldata t) external {
        Bounty storage b = _load(bountyId, t);
        _expectState(bountyId, b, State.Awarded);
        if (block.timestamp <= t.handoverDeadline) revert TooEarly(t.handoverDeadline, block.timestamp);
        b.state = State.HandoverMissed;
        _entries[bountyId][b.best].settled = true;
        emit HandoverMissed(bountyId, b.best);
        _credit(bountyId, b, t.provider, uint256(t.reward) + t.stake);
    }

    /// @notice No reveal by the reveal deadline (or nobody committed by the commit deadline): the
    /// reward goes back to the provider; the bond is shared by the hunters (`returnStake`), the
    /// remainder of the division (or all of it, with no hunters) goes back to the provider.
    function closeUnrevealed(uint256 bountyId, Terms calldata t) external {
        Bounty storage b = _load(bountyId, t);
        _expectState(bountyId, b, State.Open);
        uint256 hunters = b.hunters;
        uint256 deadline = hunters == 0 ? t.commitDeadline : t.revealDeadline;
        if (block.timestamp <= deadline) revert TooEarly(deadline, block.timestamp);
        b.state = State.Unrevealed;
        emit RevealMissed(bountyId, hunters);
        uint256 dust = hunters == 0 ? t.bond : t.bond % hunters;
        _credit(bountyId, b, t.provider, uint256(t.reward) + dust);
    }

    /// @notice Anyone: credits a hunter what it is owed once the bounty no longer needs its stake —
    /// the stake (plus its share of the bond when the provider did not reveal). Not the winner's:
    /// that is settled by `handOver` or `expireHandover`.
    function returnStake(uint256 bountyId, Terms calldata t, address hunter) external {
        Bounty storage b = _load(bountyId, t);
        State s = b.state;
        Entry storage en = _entries[bountyId][hunter];
        if (en.order == 0) revert NotCommitted(bountyId, hunter);
        if (en.settled) revert AlreadySettled(bountyId, hunter);
        uint256 amount = t.stake;
        if (s == State.Unrevealed) {
            amount += t.bond / b.hunters;
        } else if (s == State.Awarded || s == State.HandedOver || s == State.HandoverMissed) {
            if (hunter == b.best) revert IsWinner(hunter);
        } else if (s != State.NoWinner) {
            revert WrongState(bountyId, s);
        }
        en.settled = true;
        emit StakeReturned(bountyId, hunter, amount);
        _credit(bountyId, b, hunter, amount);
    }

    // ------------------------------------------------------------------ withdraw

    /// @notice Sends msg.sender everything credited to it (checks-effects-interactions).
    function withdraw() external {
        uint256 amount = credit[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        credit[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
    }

    // ------------------------------------------------------------------ reads

    /// @return termsHash keccak256(abi.encode(terms))
    /// @return state the bounty's state
    /// @return hunters number of entries
    /// @return leader the best hunter so far (the winner once Awarded)
    /// @return leaderCorrect its total correct
    /// @return held wei the bounty still holds
    function getBounty(uint256 bountyId)
        external
        view
        returns (bytes32 termsHash, State state, uint256 hunters, address leader, uint256 leaderCorrect, uint256 held)
    {
        Bounty storage b = _bounties[bountyId];
        return (b.termsHash, b.state, b.hunters, b.best, b.bestCorrect, b.held);
    }

    /// @return commitment the hunter's model commitment (0: no entry)
    /// @return order commit order, 1-based (0: no entry)
    /// @return arch the architecture index
    /// @return settled whether its stake has been paid out
    /// @return correct its total correct so far
    /// @return batches bitmap of the batches it has proved
    function getEntry(uint256 bountyId, address hunter)
        external
        view
        returns (uint256 commitment, uint256 order, uint256 arch, bool settled, uint256 correct, uint256 batches)
    {
        Entry storage en = _entries[bountyId][hunter];
        return (en.commitment, en.order, en.arch, en.settled, en.correct, en.batches);
    }

    function termsHashOf(Terms calldata t) external pure returns (bytes32) {
        return keccak256(abi.encode(t));
    }

    // ------------------------------------------------------------------ internals

    function _load(uint256 bountyId, Terms calldata t) private view returns (Bounty storage b) {
        b = _bounties[bountyId];
        bytes32 h = b.termsHash;
        if (h == 0) revert UnknownBounty(bountyId);
        if (keccak256(abi.encode(t)) != h) revert TermsMismatch(bountyId);
    }

    function _expectState(uint256 bountyId, Bounty storage b, State s) private view {
        if (b.state != s) revert WrongState(bountyId, b.state);
    }

    function _credit(uint256 bountyId, Bounty storage b, address to, uint256 amount) private {
        if (amount == 0) return;
        b.held -= uint128(amount);
        credit[to] += amount;
        emit Credited(to, bountyId, amount);
    }

    function _verify(bytes32 circuitId, uint256[] calldata proof, uint256[] memory signals) private view {
        if (!registry.verifyProof(circuitId, proof, signals)) revert InvalidProof(circuitId);
    }

    /// [commitment, hunterPubX, hunterPubY, e, providerPubX, providerPubY, nonce, ρ] with
    /// ρ = keccak256(abi.encodePacked(ciphertext)) mod p and e = Σ c_i ρ^i (PROTOCOL §7).
    function _handoverSignals(
        Terms calldata t,
        uint256 commitment,
        uint256[] calldata ciphertext,
        uint256 hunterPubX,
        uint256 hunterPubY,
        uint256 nonce
    ) private pure returns (uint256[] memory signals) {
        uint256 rho;
        uint256 e;
        uint256 bad; // 1 + the index of a word ≥ p, or 0
        assembly ("memory-safe") {
            let m := mload(0x40)
            let len := shl(5, ciphertext.length)
            calldatacopy(m, ciphertext.offset, len)
            rho := mod(keccak256(m, len), P)
            for { let i := ciphertext.length } i {} {
                i := sub(i, 1)
                let c := calldataload(add(ciphertext.offset, shl(5, i)))
                if iszero(lt(c, P)) { bad := add(i, 1) }
                e := addmod(mulmod(e, rho, P), c, P)
            }
        }
        if (bad != 0) revert NotInField(ciphertext[bad - 1]);
        signals = new uint256[](HANDOVER_SIGNALS);
        signals[0] = commitment;
        signals[1] = hunterPubX;
        signals[2] = hunterPubY;
        signals[3] = e;
        signals[4] = t.providerPubX;
        signals[5] = t.providerPubY;
        signals[6] = nonce;
        signals[7] = rho;
    }

    function _checkCircuit(bytes32 circuitId, uint256 nPublic) private view {
        (uint8 scheme,, uint32 n,) = registry.getCircuit(circuitId);
        if (scheme == 0) revert CircuitNotRegistered(circuitId);
        if (n != nPublic) revert CircuitSignalCount(circuitId, nPublic, n);
    }

    /// The provider's key must be a BabyJubJub point of large order: on the curve and 8·K ≠ O
    /// (a key of order dividing 8 would make the shared key one of 8 points, which anyone could try).
    function _checkProviderKey(uint256 x, uint256 y) private pure {
        if (x >= P || y >= P) revert BadProviderKey();
        uint256 x2 = mulmod(x, x, P);
        uint256 y2 = mulmod(y, y, P);
        if (addmod(mulmod(BJJ_A, x2, P), y2, P) != addmod(1, mulmod(BJJ_D, mulmod(x2, y2, P), P), P)) {
            revert BadProviderKey();
        }
        // Three doublings in projective coordinates; the identity is (0 : Z : Z).
        uint256 X = x;
        uint256 Y = y;
        uint256 Z = 1;
        for (uint256 i = 0; i < 3; ++i) {
            (X, Y, Z) = _double(X, Y, Z);
        }
        if (X == 0 && Y == Z) revert BadProviderKey();
    }

    /// Doubling on a twisted Edwards curve in projective coordinates (dbl-2008-bbjlp).
    function _double(uint256 X, uint256 Y, uint256 Z) private pure returns (uint256, uint256, uint256) {
        uint256 xy = addmod(X, Y, P);
        uint256 B = mulmod(xy, xy, P);
        uint256 C = mulmod(X, X, P);
        uint256 D = mulmod(Y, Y, P);
        uint256 E = mulmod(BJJ_A, C, P);
        uint256 F = addmod(E, D, P);
        uint256 H = mulmod(Z, Z, P);
        uint256 J = addmod(F, P - mulmod(2, H, P), P);
        uint256 X3 = mulmod(addmod(addmod(B, P - C, P), P - D, P), J, P);
        uint256 Y3 = mulmod(F, addmod(E, P - D, P), P);
        uint256 Z3 = mulmod(F, J, P);
        return (X3, Y3, Z3);
    }
}
