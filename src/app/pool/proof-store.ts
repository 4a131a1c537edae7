/**
 * Finished batch proofs in IndexedDB (through `idb`), so proving the batches of a bounty survives a
 * reload: database `zkml-batch-proofs`, store `proofs`, key [bountyId, circuit, batch], index
 * `bountyCircuit` on [bountyId, circuit]. Each record is small (a Groth16 proof and six public
 * signals) and is written in its own transaction the moment the proof exists.
 *
 *   const store = await IdbBatchProofStore.open();
 *   await proveBatches({ …, store });
 *   await store.list({ bountyId: '7', circuit }); // every stored batch proof of that bounty and circuit
 */
import { openDB, type IDBPDatabase, type DBSchema } from 'idb';
import { ZkmlError } from '../../core/errors.js';
import type { BatchKey, BatchProofStore, StoredBatchProof } from './batch-pool.js';

export const BATCH_PROOFS_DB = 'zkml-batch-proofs';

interface Schema extends DBSchema {
  proofs: { key: [string, string, number]; value: StoredBatchProof; indexes: { bountyCircuit: [string, string] } };
}

/** IndexedDB could not be opened or a write failed (`details.op`). */
export class BatchStoreError extends ZkmlError {
  override name = 'BatchStoreError';
}

export class IdbBatchProofStore implements BatchProofStore {
  private constructor(private readonly db: IDBPDatabase<Schema>) {}

  static async open(name = BATCH_PROOFS_DB): Promise<IdbBatchProofStore> {
    try {
      const db = await openDB<Schema>(name, 1, {
        upgrade(db) {
          const s = db.createObjectStore('proofs', { keyPath: ['bountyId', 'circuit', 'batch'] });
          s.createIndex('bountyCircuit', ['bountyId', 'circuit']);
        },
      });
      return new IdbBatchProofStore(db);
    } catch (e) {
      throw new BatchStoreError(`the batch proof store (IndexedDB ${name}) could not be opened: ${(e as Error)?.message ?? e}`, { cause: e, details: { op: 'open' } });
    }
  }

  async get(key: BatchKey, batch: number): Promise<StoredBatchProof | undefined> {
    return this.db.get('proofs', [key.bountyId, key.circuit, batch]);
  }

  async put(rec: StoredBatchProof): Promise<void> {
    try {
      await this.db.put('proofs', rec);
    } catch (e) {
      throw new BatchStoreError(`saving the proof of batch ${rec.batch} failed: ${(e as Error)?.message ?? e}`, { cause: e, details: { op: 'put', batch: rec.batch } });
    }
  }

  async delete(key: BatchKey, batch: number): Promise<void> {
    await this.db.delete('proofs', [key.bountyId, key.circuit, batch]);
  }

  /** Every stored proof of a bounty and circuit, by batch. */
  async list(key: BatchKey): Promise<StoredBatchProof[]> {
    const all = await this.db.getAllFromIndex('proofs', 'bountyCircuit', [key.bountyId, key.circuit]);
    return all.sort((a, b) => a.batch - b.batch);
  }

  /** Forgets a bounty's proofs for a circuit (e.g. after they were submitted). */
  async clear(key: BatchKey): Promise<number> {
    const tx = this.db.transaction('proofs', 'readwrite');
    let n = 0;
    for await (const c of tx.store.index('bountyCircuit').iterate([key.bountyId, key.circuit])) { await c.delete(); n++; }
    await tx.done;
    return n;
  }

  close(): void {
    this.db.close();
  }
}
