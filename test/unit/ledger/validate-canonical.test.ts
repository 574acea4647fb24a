import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/ledger/canonical.js';
import { receiptHashInput } from '../../../src/ledger/hash.js';
import { canonicalReceiptHashInput, canonicalReceiptTexts, validateReceipt } from '../../../src/ledger/validate.js';
import type { Receipt } from '../../../src/types.js';
import { completeReceipt } from '../../server/fixtures.js';
import { buildTestReceipt, makeConfig, makeInput } from './fixtures.js';

const HASH = `sha256-${'C'.repeat(43)}=`;

/** A receipt the validator accepts, with every optional field, as received: parsed back from JSON. */
function complete(): Receipt {
  const receipt = { ...completeReceipt(), integrity: { ...completeReceipt().integrity, receiptHash: HASH } };
  return JSON.parse(JSON.stringify(receipt)) as Receipt;
}

/** The same receipt with the order of every object's keys reversed (a browser may write them in any order). */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, member]) => [key, reversed(member)]),
  );
}

function accepted(receipt: unknown): Receipt {
  const result = validateReceipt(receipt);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.receipt;
}

describe('canonicalReceiptHashInput', () => {
  const variants: Array<[string, () => Receipt | Promise<Receipt>]> = [
    ['every optional field', complete],
    ['keys in reverse order at every level', () => reversed(complete()) as Receipt],
    [
      'no optional field, Consent Mode null, no previous hash',
      () => {
        const receipt = complete() as unknown as Record<string, Record<string, unknown>>;
        receipt.controller = { name: 'Fjordkaffe AS' };
        delete receipt.notice?.privacyUrl;
        delete receipt.notice?.cookiePolicyUrl;
        delete receipt.event?.withdrawn;
        receipt.consentMode = null as unknown as Record<string, unknown>;
        (receipt.integrity as Record<string, unknown>).previousHash = null;
        const purposes = receipt.purposes as unknown as Array<{ services: Array<Record<string, unknown>> }>;
        for (const service of purposes.flatMap((purpose) => purpose.services)) {
          delete service.provider;
          delete service.recipient;
          delete service.retention;
          delete service.implicit;
        }
        return receipt as unknown as Receipt;
      },
    ],
    [
      'free text that JSON must escape, and text outside ASCII',
      () => {
        const receipt = complete();
        receipt.controller.name = 'Fjord "kaffe" \\ AS\n\t\u0001 æøå 😀 \u2028';
        receipt.withdrawalMethod = '\u001f</script>\ud83d\ude00';
        receipt.context.pagePath = '/søk?q="x"';
        return receipt;
      },
    ],
    [
      'a receipt the browser ledger builds',
      async () => JSON.parse(JSON.stringify(await buildTestReceipt(makeInput(), makeConfig()))) as Receipt,
    ],
  ];

  it.each(variants)('writes the bytes of the general canonical form: %s', async (_, make) => {
    const receipt = accepted(await make());
    expect(canonicalReceiptHashInput(receipt)).toBe(canonicalize(receiptHashInput(receipt)));
  });

  it.each(variants)(
    'writes the receipt and what its hash covers from one text, each as the general form: %s',
    async (_, make) => {
      const receipt = accepted(await make());
      const texts = canonicalReceiptTexts(receipt);
      expect(texts.receipt).toBe(canonicalize(receipt));
      expect(texts.hashInput).toBe(canonicalize(receiptHashInput(receipt)));
      expect(JSON.parse(texts.receipt)).toEqual(receipt);
    },
  );

  it('leaves out the receipt hash itself, and only it', () => {
    const receipt = accepted(complete());
    const written = JSON.parse(canonicalReceiptHashInput(receipt));
    expect(written.integrity).toEqual({ canonicalization: 'JCS-RFC8785', previousHash: null });
    expect(Object.keys(written).sort()).toEqual(Object.keys(receipt).sort());
  });
});

// The rule before it was written without Date: an impossible date parses to NaN or rolls over into another day.
function realByDate(text: string): boolean {
  const second = text.slice(0, 19);
  return new Date(Date.parse(`${second}Z`) || 0).toISOString().startsWith(second);
}

describe('the real-date rule', () => {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  const times: string[] = [];
  for (const year of [0, 1, 4, 100, 400, 1900, 1970, 2000, 2023, 2024, 2026, 2100, 9999]) {
    for (let month = 0; month <= 13; month++) {
      for (const day of [0, 1, 28, 29, 30, 31, 32]) {
        times.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T12:30:30Z`);
      }
    }
  }
  for (const clock of ['00:00:00', '23:59:59', '24:00:00', '25:00:00', '12:60:00', '12:00:60', '99:99:99']) {
    times.push(`2026-05-01T${clock}Z`, `2026-05-01T${clock}.123Z`, `1970-01-01T${clock}.000000001Z`);
  }

  it('accepts exactly the times the Date-based check accepted', () => {
    const differences = times.filter((time) => {
      const receipt = complete();
      receipt.createdAt = time;
      return validateReceipt(receipt).ok !== realByDate(time);
    });
    expect(times.length).toBeGreaterThan(1000);
    expect(differences).toEqual([]);
    // Both sides of the rule occur in the sample, so the comparison above can fail.
    expect(times.filter(realByDate).length).toBeGreaterThan(100);
    expect(times.filter((time) => !realByDate(time)).length).toBeGreaterThan(100);
  });

  it('names the field of an impossible date', () => {
    const receipt = complete();
    receipt.event.validUntil = '2026-02-29T00:00:00.000Z';
    expect(validateReceipt(receipt, 'receipts[3]')).toEqual({
      ok: false,
      errors: ['receipts[3].event.validUntil: expected a real date and time, got "2026-02-29T00:00:00.000Z"'],
    });
  });
});
