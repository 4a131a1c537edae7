/**
 * Bounty failures in plain words: BountyManager's custom errors (contracts/BountyManager.sol) first,
 * then everything else through the studio's explainChainError (src/app/chain/messages.ts), which
 * also knows the registry's errors that bubble up through a verification.
 */
import { explainChainError, describeRevert } from '../chain/messages.js';
import { formatTime } from './lifecycle.js';

export interface Explained { title: string; message: string; technical: string }

const STATE = ['None', 'Open', 'Revealed', 'Awarded', 'NoWinner', 'Unrevealed', 'HandedOver', 'HandoverMissed'];
const t = (v: unknown) => { try { return formatTime(BigInt(String(v))); } catch { return String(v); } };

function bountyRevert(name: string, a: readonly unknown[]): string | undefined {
  switch (name) {
    case 'TooLate': return `Too late: the deadline (${t(a[0])}) passed; the chain's clock says ${t(a[1])}.`;
    case 'TooEarly': return `Too early: this is only possible after ${t(a[0])}; the chain's clock says ${t(a[1])}.`;
    case 'NotProvider': return `Wrong account: only the bounty's provider can do this, and ${String(a[0])} is not it.`;
    case 'NotWinner': return `Wrong account: only the winner (${String(a[1])}) can hand the model over.`;
    case 'WrongValue': return `The amount sent is wrong: the contract expects ${String(a[0])} wei, got ${String(a[1])}.`;
    case 'WrongState': return `The bounty is ${STATE[Number(a[1])] ?? String(a[1])}: this step belongs to another phase.`;
    case 'AlreadyCommitted': return 'This account has already committed a model to this bounty.';
    case 'NotCommitted': return 'This account did not commit a model to this bounty.';
    case 'BadArchitecture': return 'The model\'s architecture is not one the bounty accepts.';
    case 'NoHunters': return 'Nobody committed a model: there is nothing to reveal for.';
    case 'BadRevealLength': return `The revealed test set has the wrong size (${String(a[1])} bytes where the terms need ${String(a[0])}).`;
    case 'BadLabel': return `Batch ${String(a[0])}, sample ${String(a[1])} has label ${String(a[2])}, which is not one of the bounty's classes.`;
    case 'NonZeroPadding': return `Batch ${String(a[0])} of the reveal has non-zero padding.`;
    case 'BadBatch': return `Batch ${String(a[0])} does not exist (the bounty has ${String(a[1])}).`;
    case 'BatchAlreadyProved': return `Batch ${String(a[2])} is already counted for this hunter.`;
    case 'BadCorrect': return `The proof claims ${String(a[0])} correct answers in a batch of ${String(a[1])}.`;
    case 'InvalidProof': return 'The proof was refused: it does not verify under the bounty\'s circuit for these public signals (another model than the one committed, another test set, or another account than the one it was made for).';
    case 'CircuitNotRegistered': return `Circuit ${String(a[0]).slice(0, 10)}… is not registered in the VerifierRegistry.`;
    case 'CircuitSignalCount': return 'A circuit has the wrong number of public signals for its role in the bounty.';
    case 'BadProviderKey': return 'The provider\'s public key is not a usable BabyJubJub key.';
    case 'BadTerms': return `The terms are not acceptable: ${String(a[0])} (check the deadlines' order, the threshold ≤ samples, the reward > 0).`;
    case 'TermsMismatch': return 'The terms sent do not match the bounty\'s.';
    case 'UnknownBounty': return `There is no bounty #${String(a[0])} on this chain.`;
    case 'IsWinner': return 'The winner\'s stake comes back with the hand-over, not here.';
    case 'AlreadySettled': return 'Already paid out.';
    case 'NothingToWithdraw': return 'This account has nothing to withdraw.';
    case 'TooManyHunters': return 'The bounty has as many hunters as it can take.';
    case 'NotInField': return 'A value is not a field element.';
    default: return undefined;
  }
}

export function explainBountyError(e: unknown): Explained {
  const name = e instanceof Error ? e.name : 'Error';
  const raw = e instanceof Error ? e.message : String(e);
  const technical = `${name}: ${raw}`;
  if (name === 'ContractRevertedError') {
    const errorName = (e as { errorName?: string }).errorName;
    const args = (e as { args?: readonly unknown[] }).args ?? [];
    const fn = (e as { details?: { functionName?: string } }).details?.functionName ?? 'the transaction';
    const words = errorName ? bountyRevert(errorName, args) : undefined;
    if (words) return { title: `${fn} refused by the contract`, message: words, technical };
    const text = describeRevert(errorName, args, (e as { details?: { reason?: string } }).details?.reason);
    return { title: `${fn} refused by the contract`, message: text.charAt(0).toUpperCase() + text.slice(1) + '.', technical };
  }
  if (name === 'TransactionRejectedError' && /insufficient funds/i.test(raw)) {
    return { title: 'Not enough funds', message: 'This account does not hold enough ether for the amount plus the gas. Choose another account or fund this one.', technical };
  }
  if (/Chain|Wallet|Transaction|Calldata/.test(name)) {
    const x = explainChainError(e);
    return { title: x.title, message: x.message, technical };
  }
  const d = (e as { details?: unknown })?.details;
  return { title: name === 'Error' ? 'Something went wrong' : name.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'), message: raw, technical: d ? `${technical}\n${JSON.stringify(d, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}` : technical };
}
