pragma circom 2.2.3;

// MontDoubleAdd(): acc' = 2·acc + (bit ? p : −p) on BabyJubJub's Montgomery form (v² = u³ + A·u² + u,
// A = 168698, B = 1), as (acc + q) + acc without the middle point's v: 6 constraints.
//   acc, p : Montgomery points; bit : boolean (not checked here).
// Incomplete formulas: the caller must guarantee acc ≠ ±p and 2·acc + q ≠ 0 (then both slopes are pinned).
template MontDoubleAdd() {
    var A = 168698;
    signal input acc[2];
    signal input p[2];
    signal input bit;
    signal output out[2];

    signal vq <== (2 * bit - 1) * p[1];
    // r = acc + q (u only)
    signal l1;
    l1 <-- (vq - acc[1]) / (p[0] - acc[0]);
    l1 * (p[0] - acc[0]) === vq - acc[1];
    signal ur <== l1 * l1 - A - acc[0] - p[0];
    // acc' = r + acc; v_r = l1·(u_acc − u_r) − v_acc, so the slope l2 = −l1 − 2·v_acc / (u_r − u_acc)
    signal l2;
    l2 <-- -l1 - 2 * acc[1] / (ur - acc[0]);
    (l1 + l2) * (ur - acc[0]) === -2 * acc[1];
    out[0] <== l2 * l2 - A - ur - acc[0];
    out[1] <== l2 * (acc[0] - out[0]) - acc[1];
}
