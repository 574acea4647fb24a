/** The category that is always granted. */
export const NECESSARY = 'necessary';

/**
 * The categories samtykke knows by id: their titles and descriptions ship in every language, so a config may
 * name them without texts, and a misspelt one gets a "did you mean".
 */
export const BUILT_IN_CATEGORIES = [NECESSARY, 'statistics', 'marketing', 'preferences'] as const;

/** One of {@link BUILT_IN_CATEGORIES}. */
export type BuiltInCategory = (typeof BUILT_IN_CATEGORIES)[number];

/** Categories offered when the config names none. */
export const DEFAULT_CATEGORIES: readonly BuiltInCategory[] = ['statistics', 'marketing'];

/** Whether `id` is a built-in category. */
export function isBuiltInCategory(id: string): id is BuiltInCategory {
  return (BUILT_IN_CATEGORIES as readonly string[]).includes(id);
}
