/**
 * The appends the event loop posts to the SQLite writer thread, laid out as one string per request: its id, key
 * number and receipts, each receipt's fields (see {@link PlanItem}) and counter facts, every field followed by a
 * NUL, and after them the receipts' stored texts (see {@link encodeAppend}). Structured cloning of the same
 * receipts as objects wrote every property name of every receipt and its facts' arrays, and the thread made each of
 * them again; a string is copied once, and the thread splits it in one call. Each request is written as soon as it
 * is appended, so no receipt object waits for the end of the turn (and outlives a scavenge) to be posted. A message
 * holds a turn's requests as an array of these strings: one string of them all would be copied once more to be
 * flattened, in one large allocation.
 */
import type { PlanItem } from './append-plan.js';
import type { CountFacts } from './stats.js';

/** One request's receipts, sealed with the key numbered `key`. */
export interface WriterAppend {
  id: number;
  key: number;
  items: readonly PlanItem[];
}

// Ends every field. No canonical or JSON.stringify text holds a raw NUL, nor does anything else the ledger
// stores in practice; a field that does is written escaped.
const END = '\u0000';
// Starts a field written as the JSON text of its value: one that holds a NUL, or starts with one of these marks.
const ESCAPED = '\u0001';
// A field of null (or undefined, where that is the field's absent value).
const ABSENT = '\u0002';

function text(value: string): string {
  const first = value.charCodeAt(0);
  return (first <= 2 || value.includes(END) ? ESCAPED + JSON.stringify(value) : value) + END;
}

function optional(value: string | null | undefined): string {
  return value === null || value === undefined ? ABSENT + END : text(value);
}

function facts(value: CountFacts | null): string {
  if (value === null) return ABSENT + END;
  const [state, action, layer, language, revision, policy, gpc] = value.decision;
  let out = `${value.categories.length}${END}${text(state)}${text(action)}${layer}${END}${text(language)}`;
  out += `${revision}${END}${text(policy)}${gpc}${END}`;
  for (const [category, granted] of value.categories) out += `${text(category)}${granted}${END}`;
  return out;
}

/**
 * One request as {@link decodeAppends} reads it back (it reads several written one after the other too): the
 * length of its fields, its fields, then the receipts' stored texts one after the other, each field giving its
 * text's length. The texts, nearly all of a request, are neither scanned for a NUL nor copied here: the message's
 * one flattening copies them.
 */
export function encodeAppend(id: number, key: number, items: readonly PlanItem[]): string {
  let fields = `${id}${END}${key}${END}${items.length}${END}`;
  let texts = '';
  for (const item of items) {
    fields += text(item.site) + optional(item.client) + optional(item.erasureKeyHash) + text(item.receiptId);
    fields += `${text(item.recordId)}${text(item.receiptHash)}${item.text.length}${END}${facts(item.facts)}`;
    texts += item.text;
  }
  return `${fields.length}${END}${fields}${texts}`;
}

/** How many receipts one request {@link encodeAppend} wrote holds, read from its head alone (for timing tools). */
export function receiptsIn(encoded: string): number {
  let at = -1;
  for (let field = 0; field < 3; field++) at = encoded.indexOf(END, at + 1);
  return Number(encoded.slice(at + 1, encoded.indexOf(END, at + 1)));
}

/** The requests {@link encodeAppend} wrote (one or more of its outputs, concatenated). */
export function decodeAppends(message: string): WriterAppend[] {
  const requests: WriterAppend[] = [];
  for (let offset = 0; offset < message.length; ) {
    const lengthEnd = message.indexOf(END, offset);
    const length = Number(message.slice(offset, lengthEnd));
    if (lengthEnd < 0 || !Number.isInteger(length) || lengthEnd + 1 + length > message.length)
      throw new Error('the writer thread was sent a truncated append');
    const fields = message.slice(lengthEnd + 1, lengthEnd + 1 + length).split(END);
    offset = lengthEnd + 1 + length;
    // The last field's END leaves an empty string after it.
    const last = fields.length - 1;
    let at = 0;
    const next = (): string => {
      if (at >= last) throw new Error('the writer thread was sent a truncated append');
      const field = fields[at++] as string;
      return field.charCodeAt(0) === 1 ? (JSON.parse(field.slice(1)) as string) : field;
    };
    const nextOptional = (): string | null => {
      if (fields[at] !== ABSENT) return next();
      at++;
      return null;
    };
    const nextNumber = (): number => Number(next());
    const nextText = (): string => {
      const end = offset + nextNumber();
      if (!(end <= message.length)) throw new Error('the writer thread was sent a truncated append');
      const value = message.slice(offset, end);
      offset = end;
      return value;
    };
    const nextFacts = (): CountFacts | null => {
      if (fields[at] === ABSENT) {
        at++;
        return null;
      }
      const count = nextNumber();
      const decision: CountFacts['decision'] = [
        next(),
        next(),
        nextNumber(),
        next(),
        nextNumber(),
        next(),
        nextNumber() as 0 | 1,
      ];
      const categories: CountFacts['categories'] = [];
      for (let index = 0; index < count; index++) categories.push([next(), nextNumber() as 0 | 1]);
      return { decision, categories };
    };

    const id = nextNumber();
    const key = nextNumber();
    const count = nextNumber();
    const items: PlanItem[] = [];
    for (let index = 0; index < count; index++) {
      const site = next();
      const client = nextOptional();
      const erasureKeyHash = nextOptional() ?? undefined;
      items.push({
        site,
        client,
        erasureKeyHash,
        receiptId: next(),
        recordId: next(),
        receiptHash: next(),
        text: nextText(),
        facts: nextFacts(),
      });
    }
    requests.push({ id, key, items });
  }
  return requests;
}
