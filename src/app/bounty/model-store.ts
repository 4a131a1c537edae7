/**
 * The hunter's model for a bounty, kept in this browser (IndexedDB `zkml-bounty-models`, key
 * `<bountyId>:<account>`): the files it committed (tfjs model.json + weights, or .h5/.keras), so that
 * proving after the reveal and the hand-over work after a reload or on another day.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const MODELS_DB = 'zkml-bounty-models';

export interface StoredModel {
  key: string;
  files: { name: string; bytes: Uint8Array }[];
  /** decimal */
  commitment: string;
  arch: number;
  savedAt: string;
}

interface Schema extends DBSchema { models: { key: string; value: StoredModel } }

export const modelKey = (bountyId: bigint, account: string) => `${bountyId}:${account.toLowerCase()}`;

export class ModelStore {
  private constructor(private readonly db: IDBPDatabase<Schema>) {}
  static async open(): Promise<ModelStore> {
    return new ModelStore(await openDB<Schema>(MODELS_DB, 1, { upgrade(d) { d.createObjectStore('models', { keyPath: 'key' }); } }));
  }
  get(key: string): Promise<StoredModel | undefined> { return this.db.get('models', key); }
  async put(m: StoredModel): Promise<void> { await this.db.put('models', m); }
}
