import { UUID } from '../core/formats.js';
import { NOTICE_HASH, noticeAnswer, noticeHolds, type StoredNotice } from './notices.js';
import type { LedgerStorage } from './storage.js';

/** What `samtykke-ledger notice` prints, and whether everything asked for was found intact. */
export interface NoticeCommandResult {
  ok: boolean;
  /** Pretty JSON for stdout. */
  output: string;
  /** One line per notice missing or altered, for stderr. */
  warnings: string[];
}

/**
 * `samtykke-ledger notice <hash>`: the stored notice document of one hash. `--record <consent id>`: what that
 * visitor was shown, receipt by receipt, with both documents each receipt names — "what was this visitor
 * shown?" answered from the ledger alone.
 */
export async function noticeCommand(
  storage: LedgerStorage,
  query: { hash: string } | { recordId: string },
): Promise<NoticeCommandResult> {
  const warnings: string[] = [];
  const found = new Map<string, StoredNotice | null>();
  const lookUp = async (hash: string) => {
    if (!found.has(hash)) {
      const notice = await storage.notice(hash);
      found.set(hash, notice);
      if (!notice) warnings.push(`no notice ${hash} in the ledger`);
      else if (!noticeHolds(notice)) warnings.push(`notice ${hash} was altered: its content no longer hashes to it`);
    }
    return found.get(hash) ?? null;
  };
  let output: unknown;
  if ('hash' in query) {
    if (!NOTICE_HASH.test(query.hash))
      throw new RangeError(`expected a notice hash sha256-<base64>, got ${JSON.stringify(query.hash.slice(0, 60))}`);
    const notice = await lookUp(query.hash);
    output = notice ? noticeAnswer(notice) : null;
  } else {
    if (!UUID.test(query.recordId))
      throw new RangeError(
        `--record: expected a consent id (UUID), got ${JSON.stringify(query.recordId.slice(0, 60))}`,
      );
    const receipts = [];
    for (const row of await storage.byRecord(query.recordId)) {
      if (!row.receipt) {
        receipts.push({ site: row.site, seq: row.seq, receiptId: row.receiptId, erasedAt: row.erasedAt });
        continue;
      }
      const { notice, event } = row.receipt;
      const view = await lookUp(notice.configHash);
      const texts = await lookUp(notice.textHash);
      receipts.push({
        site: row.site,
        seq: row.seq,
        receiptId: row.receiptId,
        receivedAt: row.receivedAt,
        state: event.state,
        action: event.action,
        language: notice.language,
        configHash: notice.configHash,
        textHash: notice.textHash,
        noticeView: view ? noticeAnswer(view).notice : null,
        texts: texts ? noticeAnswer(texts).notice : null,
      });
    }
    if (receipts.length === 0) warnings.push(`no receipts of consent id ${query.recordId} in the ledger`);
    output = { recordId: query.recordId, receipts };
  }
  return { ok: warnings.length === 0, output: output === null ? '' : `${JSON.stringify(output, null, 2)}\n`, warnings };
}
