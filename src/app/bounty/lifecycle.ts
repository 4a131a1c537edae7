/**
 * A bounty's lifecycle as the page shows it (pure: no DOM, no chain): the timeline of states and
 * deadlines, the current phase, and for a given account what it can do now — or why not, in words.
 * The contract is the authority (BountyManager.sol); this mirrors its checks so that a button is
 * only offered when the transaction would pass them, and says which check stops it otherwise.
 */
import type { Address } from 'viem';
import type { BountyView } from '../../chain/rebuild-bounties.js';

export type Role = 'provider' | 'hunter' | 'winner' | 'visitor';

export type ActionId =
  | 'commit' | 'reveal' | 'prove' | 'finalize' | 'handOver' | 'receive'
  | 'closeUnrevealed' | 'expireHandover' | 'returnStake' | 'withdraw';

export interface ActionState {
  id: ActionId;
  label: string;
  /** who may do it, in words */
  who: string;
  available: boolean;
  /** why not, when not available (wrong account, deadline, state, …) */
  why?: string;
}

export interface TimelineStep {
  id: 'created' | 'commit' | 'reveal' | 'prove' | 'handover' | 'closed';
  label: string;
  /** unix seconds, when the step ends at a deadline */
  deadline?: bigint;
  status: 'done' | 'current' | 'upcoming' | 'skipped';
  note?: string;
}

const same = (a?: string, b?: string) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

export function roleOf(b: BountyView, account?: Address): Role {
  if (!account) return 'visitor';
  if (same(b.provider, account)) return 'provider';
  if (b.winner && same(b.winner, account)) return 'winner';
  if (b.hunters.some((h) => same(h.hunter, account))) return 'hunter';
  return 'visitor';
}

/** The next deadline still ahead of `now` for this state (what the dev clock control jumps past). */
export function nextDeadline(b: BountyView, now: bigint): bigint | undefined {
  const t = b.terms;
  const byState: Record<string, bigint[]> = {
    Open: [t.commitDeadline, t.revealDeadline],
    Revealed: [t.proveDeadline],
    Awarded: [t.handoverDeadline],
  };
  return (byState[b.state] ?? []).find((d) => d >= now);
}

export function timeline(b: BountyView, now: bigint): TimelineStep[] {
  const t = b.terms;
  const s = b.state;
  const st = (done: boolean, current: boolean): TimelineStep['status'] => (done ? 'done' : current ? 'current' : 'upcoming');
  const revealed = !!b.reveal;
  const finalized = ['Awarded', 'NoWinner', 'HandedOver', 'HandoverMissed'].includes(s);
  const closed = ['NoWinner', 'Unrevealed', 'HandedOver', 'HandoverMissed'].includes(s);
  const steps: TimelineStep[] = [
    { id: 'created', label: 'Created', status: 'done' },
    { id: 'commit', label: 'Hunters commit models', deadline: t.commitDeadline, status: st(now > t.commitDeadline || s !== 'Open', s === 'Open' && now <= t.commitDeadline), note: `${b.hunters.length} committed` },
    { id: 'reveal', label: 'Provider reveals the test set', deadline: t.revealDeadline, status: s === 'Unrevealed' ? 'skipped' : st(revealed, s === 'Open' && now > t.commitDeadline), note: s === 'Unrevealed' ? 'not revealed: the bond went to the hunters' : undefined },
    { id: 'prove', label: 'Hunters prove their accuracy', deadline: t.proveDeadline, status: s === 'Unrevealed' ? 'skipped' : st(finalized, s === 'Revealed'), note: b.winner ? `winner ${b.winnerCorrect}/${t.n}` : s === 'NoWinner' ? `nobody reached ${t.threshold}/${t.n}` : undefined },
    { id: 'handover', label: 'Winner hands the model over', deadline: t.handoverDeadline, status: s === 'Unrevealed' || s === 'NoWinner' ? 'skipped' : s === 'HandoverMissed' ? 'skipped' : st(s === 'HandedOver', s === 'Awarded'), note: s === 'HandoverMissed' ? 'missed: the provider was refunded' : undefined },
    { id: 'closed', label: 'Closed', status: closed ? 'done' : 'upcoming', note: closed ? s : undefined },
  ];
  return steps;
}

const fmt = (d: bigint) => new Date(Number(d) * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

/**
 * Every action and whether `account` can take it now. `credit` is the account's withdrawable wei on
 * the contract (all bounties: the contract keeps one balance per account).
 */
export function actions(b: BountyView, account: Address | undefined, now: bigint, credit = 0n): ActionState[] {
  const t = b.terms;
  const s = b.state;
  const role = roleOf(b, account);
  const me = account ? b.hunters.find((h) => same(h.hunter, account)) : undefined;
  const out: ActionState[] = [];
  const add = (id: ActionId, label: string, who: string, why?: string | false) => out.push({ id, label, who, available: !why, ...(why ? { why } : {}) });
  const noAccount = !account && 'choose an account first';

  add('commit', 'Commit a model', 'any hunter, before the commit deadline',
    noAccount || (role === 'provider' && 'the provider cannot hunt its own bounty')
    || (s !== 'Open' && `the bounty is ${s}, commits are closed`) || (now > t.commitDeadline && `the commit deadline passed (${fmt(t.commitDeadline)})`)
    || (me && 'this account has already committed a model'));
  add('reveal', 'Reveal the test set', 'the provider, after the commit deadline and before the reveal deadline',
    noAccount || (role !== 'provider' && 'only the provider can reveal: this is not the provider\'s account')
    || (s !== 'Open' && (b.reveal ? 'already revealed' : `the bounty is ${s}`))
    || (now <= t.commitDeadline && `not yet: hunters can commit until ${fmt(t.commitDeadline)}`)
    || (now > t.revealDeadline && `the reveal deadline passed (${fmt(t.revealDeadline)}): the bond now goes to the hunters`)
    || (b.hunters.length === 0 && 'no hunter committed: there is nothing to reveal for (close the bounty instead)'));
  add('prove', 'Prove and submit the batches', 'each committed hunter, after the reveal and before the prove deadline',
    noAccount || (!me && 'this account did not commit a model to this bounty')
    || (s === 'Open' && 'not yet revealed: the test set is still secret') || (s !== 'Revealed' && `the bounty is ${s}`)
    || (now > t.proveDeadline && `the prove deadline passed (${fmt(t.proveDeadline)})`)
    || (me!.batches.length === t.n / t.batchSize && 'every batch is proved'));
  add('finalize', 'Finalize', 'anyone, after the prove deadline',
    (s !== 'Revealed' && (s === 'Open' ? 'not yet revealed' : 'already finalized'))
    || (now <= t.proveDeadline && `not yet: hunters can prove until ${fmt(t.proveDeadline)}`) || noAccount);
  add('handOver', 'Hand the model over', 'the winner, before the hand-over deadline',
    noAccount || (s !== 'Awarded' && (s === 'HandedOver' ? 'already handed over' : `no winner to hand over yet (the bounty is ${s})`))
    || (role !== 'winner' && 'only the winner hands over: this is not the winner\'s account')
    || (now > t.handoverDeadline && `the hand-over deadline passed (${fmt(t.handoverDeadline)})`));
  add('receive', 'Receive the model', 'the provider, after the hand-over',
    (s !== 'HandedOver' && 'the model has not been handed over') || noAccount || (role !== 'provider' && 'only the provider holds the key the model was encrypted to'));
  add('closeUnrevealed', 'Close: the provider did not reveal', 'anyone, after the reveal deadline (or the commit deadline with no hunter)',
    (s !== 'Open' && `the bounty is ${s}`)
    || (b.hunters.length === 0 ? now <= t.commitDeadline && `not before the commit deadline (${fmt(t.commitDeadline)})` : now <= t.revealDeadline && `the provider can still reveal until ${fmt(t.revealDeadline)}`) || noAccount);
  add('expireHandover', 'Close: the winner did not hand over', 'anyone, after the hand-over deadline',
    (s !== 'Awarded' && (s === 'HandedOver' ? 'the model was handed over' : `the bounty is ${s}`))
    || (now <= t.handoverDeadline && `the winner can hand over until ${fmt(t.handoverDeadline)}`) || noAccount);
  add('returnStake', 'Take back my stake', 'a hunter, once the bounty no longer needs it',
    noAccount || (!me && 'this account did not commit') || (me!.settled && 'already paid out')
    || (role === 'winner' && 'the winner\'s stake comes back with the hand-over')
    || (!['Unrevealed', 'NoWinner', 'Awarded', 'HandedOver', 'HandoverMissed'].includes(s) && 'not while the bounty runs'));
  add('withdraw', 'Withdraw', 'any account with a credit', noAccount || (credit === 0n && 'nothing to withdraw'));
  return out;
}

/** "3 d 4 h", "12 min 5 s", "passed". */
export function countdown(seconds: bigint): string {
  if (seconds <= 0n) return 'passed';
  let s = Number(seconds);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  return d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`;
}

export const formatTime = fmt;
