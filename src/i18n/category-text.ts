import { isBuiltInCategory } from '../core/categories.js';
import type { LocalizedText } from '../types.js';
import type { Translator } from './translate.js';

/** What a category's texts come from: the owner's own, else the shipped ones for a built-in id. */
export interface CategoryTextSource {
  id: string;
  title?: LocalizedText;
  description?: LocalizedText;
}

/** A category's title in the translator's language, as the first layer, the preferences and the receipt name it. */
export function categoryTitle(category: CategoryTextSource, tr: Translator): string {
  if (category.title) return tr.text(category.title, `categories.${category.id}.title`);
  return isBuiltInCategory(category.id) ? tr.t(category.id) : category.id;
}

/** A category's description in the translator's language; empty for an owner's category without one. */
export function categoryDescription(category: CategoryTextSource, tr: Translator): string {
  if (category.description) return tr.text(category.description, `categories.${category.id}.description`);
  return isBuiltInCategory(category.id) ? tr.t(`${category.id}Text`) : '';
}
