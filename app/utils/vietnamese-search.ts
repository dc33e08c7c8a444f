/** Each base letter and every Vietnamese letter written on it (tones and the ă â ê ô ơ ư đ forms). */
const LETTER_FORMS: Readonly<Record<string, string>> = {
  a: "aàáảãạăằắẳẵặâầấẩẫậ",
  d: "dđ",
  e: "eèéẻẽẹêềếểễệ",
  i: "iìíỉĩị",
  o: "oòóỏõọôồốổỗộơờớởỡợ",
  u: "uùúủũụưừứửữự",
  y: "yỳýỷỹỵ",
};

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** "ế" → "e", "Đ" → "d": the letter without its marks, lower case. */
const baseLetter = (char: string) => char.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();

/**
 * A regular expression source that finds `text` whatever accents either side wrote: people often
 * type Vietnamese without marks on phones, so «phan so» and «phân số» both find «Phân số».
 * Every other character is matched literally (escaped); combine with the `i` option for case.
 * Both upper- and lower-case forms are listed because not every server folds case beyond ASCII.
 */
export function accentInsensitivePattern(text: string): string {
  return [...text.normalize("NFC")]
    .map((char) => {
      const forms = LETTER_FORMS[baseLetter(char)];
      return forms ? `[${forms}${forms.toUpperCase()}]` : char.replace(REGEX_SPECIAL, "\\$&");
    })
    .join("");
}
