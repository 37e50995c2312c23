import fc from 'fast-check';

/** Strings and integer spellings that parsers, encoders and storage get wrong, and an arbitrary over them. */

/** Strings that break naive parsers, encoders and storage: controls, unicode edge cases, injection shapes. */
const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'nul\u0000inside',
  'bell\u0007',
  'line\nbreak',
  'tab\there',
  '\r\n',
  '\u001b[31mred',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u202egnp.exe',
  '\ufeff',
  '\ud800',
  '\udfff',
  '😀',
  'e\u0301',
  'Ω≈ç√∫',
  '١٢٣',
  'İı',
  '%00',
  '%',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${7*7}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '\u0000ncr.account\u0000DEV-ACME\u0000',
];

/** Integers written the way a canonical decimal parser must refuse, and values just out of range. */
export const NON_CANONICAL_INTEGERS: readonly string[] = [
  '0x10',
  '0X1F',
  ' 5',
  '5 ',
  '\t5',
  '1e3',
  '1E3',
  '05',
  '007',
  '+5',
  '-0',
  '0.0',
  '5.0',
  '1_000',
  '١٢',
  'Infinity',
  'NaN',
  '',
  '0b101',
  '0o17',
  '5abc',
  '9007199254740993',
  '99999999999999999999999',
  '-1',
];

const HUGE_LENGTHS = [257, 1025, 4097, 70_000] as const;

/** Control characters only (U+0000–U+001F). */
const controlString = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 8,
});

const NASTY = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: controlString },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_LENGTHS).map((n) => 'A'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(...NON_CANONICAL_INTEGERS) },
);

/** Any string a fuzzer should try: nasty constants, controls, arbitrary unicode, huge. */
export function nastyString(): fc.Arbitrary<string> {
  return NASTY;
}
