/**
 * The provider's secret test set in this browser, until the reveal: IndexedDB `zkml-bounty-testsets`,
 * keyed by its testRoot (decimal). What is kept is exactly the reveal calldata R (every batch payload:
 * salt ‖ samples ‖ labels, PROTOCOL §4) and its shape, from which `testSetFromReveal` rebuilds the
 * salted set; the salts exist nowhere else. Losing R before the reveal loses the bond, hence the
 * backup file (the same record as JSON) and its import.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { testSetFromReveal, revealCalldata, type TestSet } from '../../core/testset/index.js';
import { ZkmlError } from '../../core/errors.js';

export const TESTSETS_DB = 'zkml-bounty-testsets';
export const TESTSET_BACKUP_KIND = 'zkml/bounty-testset/v1';

export interface StoredTestSet {
  kind: typeof TESTSET_BACKUP_KIND;
  /** decimal */
  testRoot: string;
  B: number;
  S: number;
  C: number;
  /** R as hex (no 0x) */
  reveal: string;
  createdAt: string;
  /** the bounty once created (decimal) */
  bountyId?: string;
  backedUpAt?: string;
}

export class TestSetBackupError extends ZkmlError {
  override name = 'TestSetBackupError';
}

interface Schema extends DBSchema { sets: { key: string; value: StoredTestSet } }

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));

export function recordOf(ts: TestSet): StoredTestSet {
  return { kind: TESTSET_BACKUP_KIND, testRoot: ts.testRoot.toString(), B: ts.B, S: ts.S, C: ts.C, reveal: hex(revealCalldata(ts)), createdAt: new Date().toISOString() };
}

/** The salted test set back from a record; refuses one whose data does not give its testRoot. */
export function testSetOf(r: StoredTestSet): TestSet {
  const ts = testSetFromReveal(unhex(r.reveal), { B: r.B, S: r.S, C: r.C });
  if (ts.testRoot.toString() !== r.testRoot) throw new TestSetBackupError('this test-set file is damaged: its data does not give the testRoot it names');
  return ts;
}

export function parseBackup(text: string): StoredTestSet {
  let o: StoredTestSet;
  try { o = JSON.parse(text) as StoredTestSet; } catch { throw new TestSetBackupError('not a JSON file: choose the test-set backup the app saved'); }
  if (o?.kind !== TESTSET_BACKUP_KIND || typeof o.reveal !== 'string' || typeof o.testRoot !== 'string') throw new TestSetBackupError('not a ZKML test-set backup');
  testSetOf(o);
  return o;
}

export class TestSetStore {
  private constructor(private readonly db: IDBPDatabase<Schema>) {}

  static async open(): Promise<TestSetStore> {
    return new TestSetStore(await openDB<Schema>(TESTSETS_DB, 1, { upgrade(d) { d.createObjectStore('sets', { keyPath: 'testRoot' }); } }));
  }

  get(testRoot: bigint | string): Promise<StoredTestSet | undefined> { return this.db.get('sets', String(testRoot)); }
  async put(r: StoredTestSet): Promise<void> { await this.db.put('sets', r); }
  async update(testRoot: string, patch: Partial<StoredTestSet>): Promise<void> {
    const r = await this.get(testRoot);
    if (r) await this.put({ ...r, ...patch });
  }
}
