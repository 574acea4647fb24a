/** Puts a property back exactly as it was. */
export type Restore = () => void;

/**
 * Replaces `target[key]` with the descriptor `make` builds from the original, and returns how to undo it.
 * The original descriptor is re-installed as is, so `stop()` leaves no wrapper behind.
 */
export function patch(
  target: object,
  key: string,
  make: (original: PropertyDescriptor) => PropertyDescriptor,
): Restore {
  const original = Object.getOwnPropertyDescriptor(target, key);
  if (!original) return () => {};
  Object.defineProperty(target, key, { ...make(original), configurable: true, enumerable: original.enumerable });
  return () => Object.defineProperty(target, key, original);
}

/** Wraps a method; `wrap` gets the original and returns the replacement. */
export function patchMethod<F extends (...args: never[]) => unknown>(
  target: object,
  key: string,
  wrap: (original: F) => F,
): Restore {
  return patch(target, key, (original) => ({ value: wrap(original.value as F), writable: true }));
}
