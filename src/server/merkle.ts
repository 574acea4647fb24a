import { createHash, hash } from 'node:crypto';
import type { AcknowledgementProof } from '../types.js';

/** Where one leaf sits in a Merkle tree; with the leaf's bytes this is enough to recompute the root. */
export type MerkleProof = AcknowledgementProof;

// Leaves and inner nodes are hashed with different prefixes (as in RFC 9162), so an inner node can
// never be passed off as a leaf, nor a leaf as an inner node.
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** The hash of one leaf's bytes. */
export function merkleLeaf(bytes: Buffer): Buffer {
  return createHash('sha256').update(LEAF).update(bytes).digest();
}

/** {@link merkleLeaf} of a string's UTF-8 bytes, in one node:crypto call (the 0x00 prefix is U+0000 in UTF-8). */
export function merkleLeafOfText(text: string): Buffer {
  return hash('sha256', `\u0000${text}`, 'buffer');
}

/** An inner node's hash, in one node:crypto call over the prefix and both children. */
function node(left: Buffer, right: Buffer): Buffer {
  return hash('sha256', Buffer.concat([NODE, left, right], 1 + left.length + right.length), 'buffer');
}

/**
 * The root of a tree over `leaves` (leaf hashes, in order) and each leaf's proof. Each level pairs its
 * nodes left to right; an odd last node moves up a level unchanged.
 */
export function merkleTree(leaves: readonly Buffer[]): { root: Buffer; proofs: MerkleProof[] } {
  if (leaves.length === 0) throw new Error('merkleTree: no leaves');
  const paths: string[][] = leaves.map(() => []);
  // positions[i]: where leaf i's ancestor sits in the current level.
  const positions = leaves.map((_, index) => index);
  let level = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let index = 0; index < level.length; index += 2) {
      const left = level[index] as Buffer;
      const right = level[index + 1];
      next.push(right ? node(left, right) : left);
    }
    const encoded = level.map((hash) => hash.toString('base64url'));
    positions.forEach((position, leaf) => {
      const sibling = position % 2 === 1 ? position - 1 : position + 1;
      if (sibling < level.length) (paths[leaf] as string[]).push(encoded[sibling] as string);
      positions[leaf] = position >> 1;
    });
    level = next;
  }
  return {
    root: level[0] as Buffer,
    proofs: paths.map((path, index) => ({ index, size: leaves.length, path })),
  };
}

/** The root a leaf and its proof lead to, or undefined when the proof's shape is impossible. */
export function merkleRootOf(leaf: Buffer, proof: MerkleProof): Buffer | undefined {
  const { index, size, path } = proof;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined;
  if (!Array.isArray(path) || path.length > 64) return undefined;
  let hash = leaf;
  let position = index;
  let width = size;
  let used = 0;
  while (width > 1) {
    const isRight = position % 2 === 1;
    if (isRight || position + 1 < width) {
      const sibling = path[used++];
      if (typeof sibling !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(sibling)) return undefined;
      const bytes = Buffer.from(sibling, 'base64url');
      hash = isRight ? node(bytes, hash) : node(hash, bytes);
    }
    position >>= 1;
    width = Math.ceil(width / 2);
  }
  return used === path.length ? hash : undefined;
}
