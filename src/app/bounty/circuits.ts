/**
 * A bounty's three circuits (docs/PROTOCOL.md §5–7), generated from what is on chain — the terms and
 * the accepted architecture — so that provider and hunter make byte-identical sources, compile them in
 * the compile worker and get the same development Groth16 keys (src/zk/dev-setup.ts: deterministic,
 * NOT FOR VALUE) in the snark worker. The hunter's copy of the keys is therefore also an audit: its
 * circuit id must be one of the ids the bounty's terms pin.
 *
 *   const src = bountySources(arch, { B, K, m });        // accuracy, reveal, hand-over sources
 *   const c = await buildCircuit(clients, 'accuracy', src.accuracy, onStage);  // { wasm, zkey, vkey, circuitId }
 */
import type * as snarkjs from 'snarkjs';
import type { Hex } from 'viem';
import type { Clients } from '../clients/index.js';
import { graphFromArchitecture, type Architecture } from '../../core/commit/architecture.js';
import { generateCircuit, type CircuitPlan } from '../../core/codegen/index.js';
import { generateAccuracyCircuit, type AccuracyPlan } from '../../core/codegen/accuracy.js';
import { handoverLimbCounts } from '../../core/handover/limbs.js';
import { testBatchElements } from '../../core/testset/index.js';
import type { QGraph } from '../../core/quantize/types.js';
import { groth16CircuitId } from '../../chain/calldata.js';

export type CircuitRole = 'accuracy' | 'reveal' | 'handover';

/** The name every bounty circuit is generated under (the header comment is part of the source). */
export const BOUNTY_CIRCUIT_NAME = 'bounty';

export interface BountyShape { B: number; K: number }

/** The model's circuit plan and accuracy circuit for a graph (an architecture's, or a model with its weights). */
export function accuracyPlanOf(g: QGraph, s: BountyShape): { plan: CircuitPlan; acc: AccuracyPlan } {
  const plan = generateCircuit(g, { name: BOUNTY_CIRCUIT_NAME });
  return { plan, acc: generateAccuracyCircuit(g, plan, { batch: s.B, batches: s.K, name: BOUNTY_CIRCUIT_NAME }) };
}

export function revealSource(K: number, m: number): string {
  return `pragma circom 2.2.3;\ninclude "reveal-test-set.circom";\ncomponent main {public [rho]} = RevealTestSet(${K}, ${m});\n`;
}

export function handoverSource(plan: Pick<CircuitPlan, 'nWeights' | 'weightBits' | 'nBiases' | 'biasBits'>): string {
  const { lw, lb } = handoverLimbCounts(plan);
  return `pragma circom 2.2.3;\ninclude "handover.circom";\ncomponent main {public [providerPubX, providerPubY, nonce, rho]} = Handover(${lw}, ${lb});\n`;
}

export interface BountySources {
  accuracy: string;
  reveal: string;
  handover: string;
  acc: AccuracyPlan;
  plan: CircuitPlan;
}

/** Every source of a bounty from an accepted architecture and the test set's shape (S from the architecture). */
export function bountySources(arch: Architecture, s: BountyShape): BountySources {
  const { plan, acc } = accuracyPlanOf(graphFromArchitecture(arch), s);
  return { accuracy: acc.source, reveal: revealSource(s.K, testBatchElements(s.B, acc.S)), handover: handoverSource(plan), acc, plan };
}

export interface BuiltCircuit {
  role: CircuitRole;
  wasm: Uint8Array;
  zkey: Uint8Array;
  vkey: snarkjs.VerificationKey;
  circuitId: Hex;
  ms: number;
}

const cache = new Map<string, Promise<BuiltCircuit>>();

/** Compile + development setup, once per source in this page. */
export function buildCircuit(clients: Clients, role: CircuitRole, source: string, onStage?: (s: string) => void): Promise<BuiltCircuit> {
  const key = `${role}\n${source}`;
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const t0 = performance.now();
      onStage?.(`compiling the ${role} circuit`);
      const c = await clients.compile.compile({ main: source });
      onStage?.(`development setup of the ${role} circuit (not for value)`);
      const k = await clients.snark.devSetup({ r1cs: c.r1cs });
      return { role, wasm: c.wasm, zkey: k.zkey, vkey: k.vkey, circuitId: groth16CircuitId(k.vkey), ms: performance.now() - t0 };
    })();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
