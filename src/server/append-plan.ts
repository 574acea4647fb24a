import type { ReceiptAcknowledgement } from '../types.js';
import type { UnsignedAcknowledgement } from './keys.js';
import { type CountFacts, countFacts, countFactsOf, type StatsIncrements } from './stats.js';
import {
  type AppendItem,
  type AppendResult,
  ReceiptConflictError,
  type RowColumns,
  replayOf,
  type Sealer,
} from './storage.js';

/** What a back end tells the plan about the database, read while it holds the chain locks. */
export interface ChainState {
  /** The stored row of a receipt id on a site (receipt ids are unique per site), if there is one. */
  stored(site: string, receiptId: string): RowColumns | undefined;
  /** A site's stored chain head (seq 0 and null for a site with no receipts yet). */
  head(site: string): { seq: number; chainHash: string | null };
}

/** What one commit group writes, and what each of its requests is answered. */
export interface GroupWrites {
  /** Per request, in order: its results, or the conflict that refused it alone. */
  outcomes: Array<AppendResult[] | Error>;
  /** The new rows, in chain order. */
  rows: RowColumns[];
  /** Every chain head the group moved. */
  heads: Array<{ site: string; seq: number; chainHash: string }>;
  /** What the new rows add to the statistics' counters (see stats.ts). */
  counts: StatsIncrements;
}

/**
 * One receipt as a commit group plans and stores it: what its row and its counters need, the receipt already
 * serialised to its stored text. Flat and small, so a writer thread can be handed it cheaply.
 */
export interface PlanItem {
  site: string;
  client: string | null;
  erasureKeyHash?: string | undefined;
  receiptId: string;
  recordId: string;
  receiptHash: string;
  /** The receipt's JSON, as the row stores it. */
  text: string;
  facts: CountFacts | null;
}

/** One request of a commit group, its receipts as {@link PlanItem}s. */
export interface PlanRequest {
  items: readonly PlanItem[];
  seal: Sealer;
}

/** What the plan needs of one receipt to append. */
export function planItemOf({ receipt, site, client, erasureKeyHash, text }: AppendItem): PlanItem {
  return {
    site,
    client,
    erasureKeyHash,
    receiptId: receipt.receiptId,
    recordId: receipt.recordId,
    receiptHash: receipt.integrity.receiptHash,
    text: text ?? JSON.stringify(receipt),
    facts: countFactsOf(receipt),
  };
}

interface Fresh {
  item: PlanItem;
  seal: Sealer;
  link: UnsignedAcknowledgement;
  ack?: ReceiptAcknowledgement;
}

/**
 * Plan a commit group, the same for every back end: refuse each request that conflicts with what is
 * stored (or with an earlier request of the group) as a whole, link every new receipt into its site's
 * chain, then sign the group's links at once (one signature per sealer). Replays get the original
 * acknowledgement; a receipt sent twice in one group is stored once.
 */
export function planItems(requests: readonly PlanRequest[], state: ChainState): GroupWrites {
  const heads = new Map<string, { seq: number; chainHash: string | null; start: number }>();
  // Both keyed by site and receipt id.
  const fresh = new Map<string, Fresh>();
  const storedRows = new Map<string, RowColumns | undefined>();
  const idOf = (site: string, receiptId: string) => `${site}\n${receiptId}`;
  const stored = (site: string, receiptId: string) => {
    const id = idOf(site, receiptId);
    if (!storedRows.has(id)) storedRows.set(id, state.stored(site, receiptId));
    return storedRows.get(id);
  };

  const planned = requests.map(({ items, seal }): Array<() => AppendResult> | Error => {
    const seen = new Map<string, string>();
    for (const { receiptId, receiptHash, site } of items) {
      const id = idOf(site, receiptId);
      const known = fresh.get(id)?.item.receiptHash ?? stored(site, receiptId)?.receipt_hash ?? seen.get(id);
      if (known !== undefined && known !== receiptHash) return new ReceiptConflictError(receiptId);
      seen.set(id, receiptHash);
    }
    return items.map((item) => {
      const { receiptId, receiptHash, site } = item;
      const id = idOf(site, receiptId);
      const row = stored(site, receiptId);
      if (row) return () => replayOf(row, receiptHash);
      const earlier = fresh.get(id);
      if (earlier) return () => ({ acknowledgement: earlier.ack as ReceiptAcknowledgement, replay: true });
      let head = heads.get(site);
      if (!head) {
        const current = state.head(site);
        head = { seq: current.seq, chainHash: current.chainHash, start: current.seq };
        heads.set(site, head);
      }
      head.seq++;
      const link = seal.link({ site, seq: head.seq, prev: head.chainHash, receiptId, receiptHash });
      head.chainHash = link.chainHash;
      const entry: Fresh = { item, seal, link };
      fresh.set(id, entry);
      return () => ({ acknowledgement: entry.ack as ReceiptAcknowledgement, replay: false });
    });
  });

  const bySealer = new Map<Sealer, Fresh[]>();
  for (const entry of fresh.values()) {
    const group = bySealer.get(entry.seal);
    if (group) group.push(entry);
    else bySealer.set(entry.seal, [entry]);
  }
  for (const [seal, entries] of bySealer) {
    const acks = seal.sign(entries.map((entry) => entry.link));
    if (acks.length !== entries.length) throw new Error('the sealer signed a different number of acknowledgements');
    entries.forEach((entry, index) => {
      entry.ack = acks[index];
    });
  }

  const entries = [...fresh.values()];
  return {
    outcomes: planned.map((plan) => (plan instanceof Error ? plan : plan.map((result) => result()))),
    rows: entries.map(({ item, ack }) => rowOf(item, ack as ReceiptAcknowledgement)),
    heads: [...heads]
      .filter(([, head]) => head.seq !== head.start)
      .map(([site, head]) => ({ site, seq: head.seq, chainHash: head.chainHash as string })),
    counts: countFacts(
      entries.map(({ item, link }) => ({ site: item.site, receivedAt: link.receivedAt, facts: item.facts })),
    ),
  };
}

function rowOf({ site, client, recordId, receiptHash, text }: PlanItem, ack: ReceiptAcknowledgement): RowColumns {
  return {
    site,
    seq: ack.seq,
    receipt_id: ack.receiptId,
    record_id: recordId,
    receipt_hash: receiptHash,
    chain_hash: ack.chainHash,
    received_at: ack.receivedAt,
    receipt: text,
    client,
    key_id: ack.keyId,
    signature: ack.signature,
    proof: ack.proof ? JSON.stringify(ack.proof) : null,
    erased_at: null,
  };
}
