import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { AcknowledgementProof, ReceiptAcknowledgement } from '../types.js';
import { canonicalJson } from './canonical-json.js';
import { merkleLeaf, merkleLeafOfText, merkleRootOf, merkleTree } from './merkle.js';

/** An Ed25519 key pair as PEM text (PKCS#8 private, SPKI public). */
export interface KeyPairPem {
  privateKey: string;
  publicKey: string;
}

/** A signing key ready to use: the private key, its public half and its key id. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/** A new Ed25519 key pair as PEM. */
export function generateKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Key id: base64url SHA-256 of the public key's SPKI DER, first 16 characters. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url').slice(0, 16);
}

/** A signing key from a PEM private key (text or KeyObject). */
export function signingKeyFrom(pem: string | KeyObject): SigningKey {
  const privateKey = typeof pem === 'string' ? createPrivateKey(pem) : pem;
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error('The ledger signing key must be an Ed25519 private key');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** A public key from PEM (public or private) or a KeyObject. */
export function publicKeyFrom(key: string | KeyObject): KeyObject {
  const object = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  if (object.asymmetricKeyType !== 'ed25519') throw new Error('The ledger key must be an Ed25519 key');
  return object;
}

/** Read a PEM private key file; with `create`, write a new key pair there first when it does not exist. */
export async function loadSigningKeyFile(path: string, create = false): Promise<SigningKey> {
  try {
    return signingKeyFrom(await readFile(path, 'utf8'));
  } catch (error) {
    if (!create || (error as { code?: string }).code !== 'ENOENT') throw error;
    const pair = generateKeyPair();
    // wx: never overwrite a key another process wrote meanwhile; 0600: the key is a secret.
    await writeFile(path, pair.privateKey, { mode: 0o600, flag: 'wx' }).catch((writeError: { code?: string }) => {
      if (writeError.code !== 'EEXIST') throw writeError;
    });
    return signingKeyFrom(await readFile(path, 'utf8'));
  }
}

/** An acknowledgement before it is signed: what the storage links into the chain. */
export type UnsignedAcknowledgement = Omit<ReceiptAcknowledgement, 'signature' | 'proof'>;

/** The canonical acknowledgement without `signature` (and `proof`): one receipt's signed facts. */
export function acknowledgementPayload(ack: UnsignedAcknowledgement): Buffer {
  return Buffer.from(acknowledgementPayloadText(ack), 'utf8');
}

/**
 * {@link acknowledgementPayload} as text: `canonical({ receiptId, seq, receivedAt, chainHash, keyId })`, written
 * with its keys in canonical order (the same bytes as canonicalJson, checked in the tests).
 */
function acknowledgementPayloadText(ack: UnsignedAcknowledgement): string {
  const { receiptId, seq, receivedAt, chainHash, keyId } = ack;
  // A member without a JSON form is left out of the general form (an acknowledgement a client altered).
  if (
    receiptId === undefined ||
    seq === undefined ||
    receivedAt === undefined ||
    chainHash === undefined ||
    keyId === undefined
  )
    return canonicalJson({ receiptId, seq, receivedAt, chainHash, keyId });
  return (
    `{"chainHash":${canonicalJson(chainHash)},"keyId":${canonicalJson(keyId)},"receiptId":${canonicalJson(receiptId)},` +
    `"receivedAt":${canonicalJson(receivedAt)},"seq":${canonicalJson(seq)}}`
  );
}

/** The bytes a group signature covers: the key id and the Merkle root over the group's payloads. */
function groupPayload(keyId: string, root: Buffer): Buffer {
  return Buffer.from(canonicalJson({ keyId, merkleRoot: root.toString('base64url') }), 'utf8');
}

/** Sign one acknowledgement on its own (no `proof`: the signature covers its payload directly). */
export function signAcknowledgement(
  key: SigningKey,
  ack: Omit<ReceiptAcknowledgement, 'signature' | 'keyId' | 'proof'>,
): ReceiptAcknowledgement {
  const unsigned = { ...ack, keyId: key.keyId };
  const signature = sign(null, acknowledgementPayload(unsigned), key.privateKey).toString('base64url');
  return { ...unsigned, signature };
}

/**
 * Sign a whole commit group with one Ed25519 signature over the Merkle root of its payloads. Each
 * acknowledgement carries its inclusion proof, so each still verifies on its own with the public key,
 * and changing any signed field of any of them breaks its proof.
 */
export function signAcknowledgements(
  key: SigningKey,
  acks: readonly UnsignedAcknowledgement[],
): ReceiptAcknowledgement[] {
  if (acks.length === 0) return [];
  const unsigned = acks.map(({ receiptId, seq, receivedAt, chainHash }) => ({
    receiptId,
    seq,
    receivedAt,
    chainHash,
    keyId: key.keyId,
  }));
  const { root, proofs } = merkleTree(unsigned.map((ack) => merkleLeafOfText(acknowledgementPayloadText(ack))));
  const signature = sign(null, groupPayload(key.keyId, root), key.privateKey).toString('base64url');
  return unsigned.map((ack, index) => ({ ...ack, signature, proof: proofs[index] as AcknowledgementProof }));
}

/**
 * The bytes an acknowledgement's signature must cover: its payload, or with a `proof` the group payload
 * its Merkle path leads to; undefined when the proof is malformed.
 */
export function signedBytesOf(ack: ReceiptAcknowledgement): Buffer | undefined {
  if (ack.proof === undefined) return acknowledgementPayload(ack);
  if (typeof ack.proof !== 'object' || ack.proof === null) return undefined;
  const root = merkleRootOf(merkleLeaf(acknowledgementPayload(ack)), ack.proof);
  return root && groupPayload(ack.keyId, root);
}

const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

/** Check an acknowledgement's signature (alone, or over its group's Merkle root) with a public key. */
export function verifyAcknowledgement(ack: ReceiptAcknowledgement, publicKey: KeyObject): boolean {
  if (typeof ack.signature !== 'string' || !SIGNATURE.test(ack.signature)) return false;
  const bytes = signedBytesOf(ack);
  return bytes !== undefined && verify(null, bytes, publicKey, Buffer.from(ack.signature, 'base64url'));
}
