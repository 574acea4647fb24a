/**
 * What the critical loader lends the files loaded on the same visit (`window.SamtykkeLoader`: the names
 * `src/loader/provides.ts` exports) travels under short names, because each is spelt once in the loader and again
 * at every use in the runtime and the first layer. Every bundle that reads or writes them is minified with the one
 * table `rollup.config.ts` makes from this, so they agree.
 */

/** The names a module's `export { … }` lists give it (`a as b` gives `b`); `export type { … }` gives none. */
export function exportedNames(source: string): string[] {
  return [...source.matchAll(/export\s*\{([^}]*)\}/g)]
    .flatMap((list) => (list[1] ?? '').split(','))
    .map((name) =>
      name
        .replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')
        .trim()
        .split(/\s+as\s+/)
        .at(-1),
    )
    .filter((name): name is string => Boolean(name));
}

/**
 * terser's property mangling for exactly `names`: `_a` … `_z`, `_A` … `_Z`, then `_$52`, … in order (letters compress
 * best), and nothing else renamed (a quoted key neither). The names must be ours alone: a DOM or config property
 * spelt like one would be renamed too.
 */
export function shortNames(names: readonly string[]) {
  const short = (i: number) => `_${i < 52 ? String.fromCharCode(i < 26 ? 97 + i : 39 + i) : `$${i}`}`;
  return {
    regex: new RegExp(`^(${names.join('|')})$`),
    keep_quoted: true,
    cache: { props: Object.fromEntries(names.map((name, i) => [`$${name}`, short(i)])) },
  };
}
