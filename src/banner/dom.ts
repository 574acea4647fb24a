/** A child of an element being built: text (never parsed as markup), a node, or nothing. */
export type Child = Node | string | false | null | undefined;

/**
 * `h(tag, attributes, ...children)` for one document: elements built with attributes and text nodes only, so an
 * owner's text or a provider's name can never become markup, and nothing carries an inline style.
 */
export function elements(doc: Document) {
  return (tag: string, attributes: Readonly<Record<string, string | undefined>> | null, ...children: Child[]) => {
    const element = doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) {
      if (value !== undefined) element.setAttribute(name, value);
    }
    element.append(...children.filter((child): child is Node | string => Boolean(child)));
    return element;
  };
}
