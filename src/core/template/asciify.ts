// `%asciify{}` without a dependency: compatibility decomposition strips accents and unfolds
// ligatures and full-width forms; a small table covers the letters Unicode does not decompose
// (ß, æ, ø, Ł…), common punctuation, and Cyrillic and Greek as unidecode spells them. Anything
// still not ASCII (CJK, Arabic, Hebrew…) is kept: dropping it could empty a whole title.

const LETTERS: Record<string, string> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE',
  ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th',
  ı: 'i', ħ: 'h', Ħ: 'H', ŧ: 't', Ŧ: 'T', ŋ: 'ng', Ŋ: 'NG', ĸ: 'q', ƒ: 'f',
  ɐ: 'a', ə: 'e', Ə: 'E',
};

const PUNCTUATION: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'",
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
  '«': '<<', '»': '>>', '‹': '<', '›': '>', '¡': '!', '¿': '?',
  '×': 'x', '÷': '/', '·': '.', '•': '*', '©': '(c)', '®': '(r)', '€': 'EUR', '£': 'PS',
  // beets transliterates each path component and then replaces separators it produced.
  '⁄': '_', '∕': '_',
};

function pairs(from: string, to: string[]): Record<string, string> {
  const table: Record<string, string> = {};
  Array.from(from).forEach((char, i) => {
    const latin = to[i] ?? '';
    table[char] = latin;
    table[char.toUpperCase()] = latin.charAt(0).toUpperCase() + latin.slice(1);
  });
  return table;
}

const CYRILLIC = pairs(
  'абвгдежзиклмнопрстуфхцчшщъыьэюяєіїґў',
  ('a b v g d e zh z i k l m n o p r s t u f kh ts ch sh shch _ y _ e iu ia ie i i g u').split(' ').map((s) => (s === '_' ? '' : s)),
);

const GREEK = pairs(
  'αβγδεζηθικλμνξοπρστυφχψως',
  'a b g d e z e th i k l m n x o p r s t u ph kh ps o s'.split(' '),
);

const TABLE: Record<string, string> = { ...LETTERS, ...PUNCTUATION, ...CYRILLIC, ...GREEK };
const COMBINING = /\p{M}/gu;
const ASCII = /^[\x00-\x7f]*$/;

function asciifyChar(char: string): string {
  const direct = TABLE[char];
  if (direct !== undefined) return direct;
  if (ASCII.test(char)) return char;
  const decomposed = char.normalize('NFKD').replace(COMBINING, '');
  const mapped = Array.from(decomposed, (c) => TABLE[c] ?? c).join('');
  return ASCII.test(mapped) ? mapped : char;
}

export function asciify(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) out += asciifyChar(char);
  return out;
}
