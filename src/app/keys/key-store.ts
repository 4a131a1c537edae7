/**
 * The provider's BabyJubJub keys in this browser: IndexedDB database `zkml-keys`, store `keys` (idb).
 * The secret key is stored here and leaves the browser only in a passphrase-protected export.
 *
 *   const store = await KeyStore.open();
 *   const k = await store.create('Bounty #3');   // generateKeyPair (WebCrypto randomness)
 *   await store.list(); await store.markBackedUp(k.id); await store.delete(k.id);
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { generateKeyPair, type KeyPair } from '../../core/handover/keys.js';

export const KEYS_DB = 'zkml-keys';

export interface StoredKey {
  id: string;
  name: string;
  createdAt: string;
  /** decimal strings */
  sk: string;
  pub: [string, string];
  /** when a passphrase-protected backup was last downloaded (or the key came from one) */
  backedUpAt?: string;
}

interface KeysSchema extends DBSchema {
  keys: { key: string; value: StoredKey };
}

export const keyPairOf = (k: StoredKey): KeyPair => ({ sk: BigInt(k.sk), pub: [BigInt(k.pub[0]), BigInt(k.pub[1])] });

export class KeyStore {
  private constructor(private readonly db: IDBPDatabase<KeysSchema>) {}

  static async open(): Promise<KeyStore> {
    const db = await openDB<KeysSchema>(KEYS_DB, 1, {
      upgrade(d) { d.createObjectStore('keys', { keyPath: 'id' }); },
    });
    return new KeyStore(db);
  }

  async list(): Promise<StoredKey[]> {
    return (await this.db.getAll('keys')).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Stores a key pair; an already stored public key is returned as it is (no duplicate). */
  async add(kp: KeyPair, name: string, backedUp = false): Promise<{ key: StoredKey; existed: boolean }> {
    const pub: [string, string] = [String(kp.pub[0]), String(kp.pub[1])];
    const same = (await this.list()).find((k) => k.pub[0] === pub[0] && k.pub[1] === pub[1]);
    if (same) return { key: same, existed: true };
    const now = new Date().toISOString();
    const key: StoredKey = { id: globalThis.crypto.randomUUID(), name, createdAt: now, sk: String(kp.sk), pub, ...(backedUp ? { backedUpAt: now } : {}) };
    await this.db.put('keys', key);
    return { key, existed: false };
  }

  async create(name: string): Promise<StoredKey> {
    return (await this.add(generateKeyPair(), name)).key;
  }

  async markBackedUp(id: string): Promise<void> {
    const k = await this.db.get('keys', id);
    if (k) await this.db.put('keys', { ...k, backedUpAt: new Date().toISOString() });
  }

  async delete(id: string): Promise<void> {
    await this.db.delete('keys', id);
  }
}
