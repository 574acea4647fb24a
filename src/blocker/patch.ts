/** Takes a patch away again. */
export type Restore = () => void;

/**
 * Replaces `target[key]` with the descriptor `make` builds from the original, and returns how to undo it.
 *
 * Each replaced function is a Proxy of the original, so `toString`, `name` and `length` stay the native ones
 * (libraries that look for `[native code]` and, failing that, fetch a clean copy from a fresh iframe, take the
 * patched one). Undoing is safe in any order, which matters when another script (a second blocker, a second
 * copy of the loader, an error tracker) patched the same property after us: the original descriptor goes back
 * only while ours is the one installed; otherwise ours stays in the chain as a pass-through to what it wrapped,
 * so the wrapper above it keeps working and nothing falls back to the native function unseen.
 */
export function patch(
  target: object,
  key: string,
  make: (original: PropertyDescriptor) => PropertyDescriptor,
): Restore {
  const original = Object.getOwnPropertyDescriptor(target, key);
  if (!original) return () => {};
  const replacement = make(original);
  let active = true;
  const forward = (mine: unknown, theirs: unknown) => {
    if (typeof mine !== 'function' || typeof theirs !== 'function' || mine === theirs) return mine;
    const fn = mine as (...args: unknown[]) => unknown;
    const native = theirs as (...args: unknown[]) => unknown;
    return new Proxy(native, {
      apply: (_, self, args) => Reflect.apply(active ? fn : native, self, args),
      construct: (_, args, newTarget) => Reflect.construct(active ? fn : native, args, newTarget),
    });
  };
  const installed: PropertyDescriptor = { configurable: true, enumerable: original.enumerable };
  if ('value' in replacement) {
    installed.value = forward(replacement.value, original.value);
    installed.writable = replacement.writable ?? true;
  } else {
    installed.get = forward(replacement.get, original.get) as PropertyDescriptor['get'];
    installed.set = forward(replacement.set, original.set) as PropertyDescriptor['set'];
  }
  Object.defineProperty(target, key, installed);
  return () => {
    const current = Object.getOwnPropertyDescriptor(target, key);
    const ours = current?.value === installed.value && current?.get === installed.get && current?.set === installed.set;
    if (ours) Object.defineProperty(target, key, original);
    active = false;
  };
}

/** Takes every patch of a list away, in order. */
export const undo =
  (restores: readonly Restore[]): Restore =>
  () => {
    for (const restore of restores) restore();
  };

/** Wraps a method; `wrap` gets the original and returns the replacement. */
export function patchMethod<F extends (...args: never[]) => unknown>(
  target: object,
  key: string,
  wrap: (original: F) => F,
): Restore {
  return patch(target, key, (original) => ({ value: wrap(original.value as F), writable: true }));
}
