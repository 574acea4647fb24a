/**
 * The text formats more than one part of samtykke checks: the config validator, the decision cookie reader,
 * the receipt validator and the ledger server. `src/ledger/receipt.schema.json` repeats UUID as a JSON
 * Schema pattern; test/unit/core/formats.test.ts holds the two equal.
 */

/** A UUID in its 8-4-4-4-12 hex form, either case (RFC 9562 §4: parsers accept both). */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A service id (`google-analytics`, `chat.widget`): lower case, as written into the decision cookie. */
export const SERVICE_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/**
 * A host pattern (`static.hotjar.com`, `*.example.com/path`, `localhost:8080`): host names as the owner writes
 * them, internationalised (`bløgg.no`) or with the DNS root's trailing dot; the rules compare them in one
 * spelling (blocker/host.ts).
 */
export const HOST_PATTERN = /^(\*\.)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.?(:\d+)?(\/\S*)?$/iu;

/**
 * A link samtykke would never put in an `href` or a `src`: a script, inline data or VBScript. The URL parser
 * drops tabs and line breaks anywhere and control characters and spaces in front, so `java\tscript:` is
 * `javascript:` too; a relative link is fine.
 */
export const unsafeUrl = (text: string): boolean =>
  /^[\0- ]*(javascript|data|vbscript):/i.test(text.replace(/[\t\n\r]/g, ''));

/** A category id (`statistics`, `social_media`): lower case, starting with a letter. */
export const CATEGORY_ID = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * An ISO 8601 duration (`P2Y`, `P1Y6M`, `P1DT12H`, `PT30M`): at least one part, and a `T` only before a time
 * part. Groups 1–7 are years, months, weeks, days, hours, minutes and seconds.
 */
export const ISO_DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * The amounts of an ISO 8601 duration in the order years, months, weeks, days, hours, minutes, seconds
 * (`P1Y6M` → `[1, 6, 0, 0, 0, 0, 0]`), or undefined when `text` is not one.
 */
export function parseDuration(text: string): number[] | undefined {
  return ISO_DURATION.exec(text)
    ?.slice(1)
    .map((part) => Number(part ?? 0));
}
