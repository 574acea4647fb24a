/** samtykke/server: the consent ledger endpoint (Node only). */

export { validateReceipt } from '../ledger/validate.js';
export type { AcknowledgementProof, Receipt, ReceiptAcknowledgement } from '../types.js';
export type { ChainLinkInput } from './chain.js';
export { chainHashOf, createSealer } from './chain.js';
export { runCli } from './cli-main.js';
export type { ConsentCspOptions, CspDirective } from './csp.js';
export { consentCsp } from './csp.js';
export type { LedgerHandler, LedgerHandlerOptions, LedgerLogEntry } from './handler.js';
export { createLedgerHandler } from './handler.js';
export type { IpStorage } from './ip.js';
export { anonymizeIp } from './ip.js';
export type { KeyPairPem, SigningKey } from './keys.js';
export {
  generateKeyPair,
  keyIdOf,
  loadSigningKeyFile,
  publicKeyFrom,
  signAcknowledgement,
  signAcknowledgements,
  signingKeyFrom,
  verifyAcknowledgement,
} from './keys.js';
export type { NodeListenerOptions, RunningLedger, ServeLedgerOptions } from './node.js';
export { createNodeListener, serveLedger } from './node.js';
export type { NoticeStorage, StoredNotice } from './notices.js';
export { scanNotices } from './notices.js';
export { openStorage } from './open-storage.js';
export type { PostgresStorageOptions } from './postgres-storage.js';
export { openPostgresStorage } from './postgres-storage.js';
export type { RateLimitOptions } from './rate-limit.js';
export { pruneLedger, subtractDuration } from './retention.js';
export type { SqliteLedgerStorage, SqliteStorageOptions } from './sqlite-storage.js';
export { openSqliteStorage } from './sqlite-storage.js';
export type { CategoryCell, ConsentStats, DecisionCell, LayerActionCell, StatsPeriod, StatsQuery } from './stats.js';
export { StatsQueryError } from './stats.js';
export { formatStatsTables } from './stats-table.js';
export type {
  AppendAnswer,
  AppendItem,
  AppendResult,
  ChainHead,
  ChainPosition,
  LedgerStorage,
  PageQuery,
  Sealer,
  StoredReceipt,
} from './storage.js';
export { MissingDriverError, ReceiptConflictError, scanLedger } from './storage.js';
export type { LedgerProblem, LedgerVerification, NoticeReport, ProblemKind } from './verify.js';
export { verifyLedger } from './verify.js';
