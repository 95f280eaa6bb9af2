/**
 * Masking of personal data on public pages (个人信息去标识化): names keep the surname, resident ID numbers keep the
 * region code and the last four characters, mobile numbers keep the carrier prefix and the last four digits.
 * Pure functions; over-masking is preferred to a leak.
 */

/** Two-character surnames (复姓): a name starting with one keeps both characters. */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '端木', '申屠', '西门', '南宫', '独孤', '百里', '呼延', '太史', '闻人', '澹台', '公冶', '宗政', '濮阳',
  '淳于', '单于', '钟离', '万俟', '司空', '闾丘', '子车', '亓官', '司寇', '巫马', '公西', '颛孙', '壤驷', '公良',
  '漆雕', '乐正', '宰父', '谷梁', '拓跋', '夹谷', '段干', '东郭', '南门', '梁丘', '左丘', '东门', '第五', '公羊',
  '赫连', '羊舌', '微生', '仲孙', '叔孙', '公户', '公仪', '鲜于', '即墨', '哥舒', '贺兰', '完颜', '爱新觉罗',
];

const STAR = '*';
/** Characters kept as they are inside a name: separators of transliterated and Latin names. */
const NAME_SEPARATORS = new Set([' ', '·', '•', '.', '-', '‧']);

/** 张三 → 张*, 欧阳娜娜 → 欧阳**, 买买提·艾力 → 买**·**. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.length === 0 ? '' : STAR;
  const surname = COMPOUND_SURNAMES.find((s) => chars.length > Array.from(s).length && name.trim().startsWith(s));
  const keep = surname === undefined ? 1 : Array.from(surname).length;
  return chars.map((c, i) => (i < keep || NAME_SEPARATORS.has(c) ? c : STAR)).join('');
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CODES = '10X98765432';

/** True for an 18-character resident ID number (GB 11643) whose check character and birth date are plausible. */
export function isResidentIdNumber(value: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(value)) return false;
  const sum = ID_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(value[i]), 0);
  if (ID_CHECK_CODES[sum % 11] !== value[17]?.toUpperCase()) return false;
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  return year >= 1850 && year <= 2199 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** 110101199003077777 → 110101********7777; anything shorter than 11 characters is masked completely. */
export function maskIdNumber(value: string): string {
  const v = value.trim();
  if (v.length < 11) return STAR.repeat(v.length);
  return `${v.slice(0, 6)}${STAR.repeat(v.length - 10)}${v.slice(-4)}`;
}

/** 13812345678 → 138****5678 (separators and a +86 prefix dropped); short values are masked completely. */
export function maskMobile(value: string): string {
  const digits = value.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  if (digits.length < 7) return STAR.repeat(digits.length);
  return `${digits.slice(0, 3)}${STAR.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

export const PersonalField = { NAME: 'name', ID_NUMBER: 'idNumber', MOBILE: 'mobile' } as const;
export type PersonalField = (typeof PersonalField)[keyof typeof PersonalField];

/** Masks a value whose meaning is known from its field, whether or not it looks valid (a mistyped ID still leaks). */
export function maskField(kind: PersonalField, value: string): string {
  switch (kind) {
    case 'name':
      return maskName(value);
    case 'idNumber':
      return maskIdNumber(value);
    case 'mobile':
      return maskMobile(value);
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

const ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<![\d+])(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g;

/** Roles after which a written text names a person (当事人：张三，…). */
const PERSON_LABELS = [
  '被申请人', '申请人', '被处罚人', '被检查人', '当事人', '法定代表人', '委托代理人', '代理人', '负责人', '经办人',
  '承办人', '联系人', '执法人员', '举报人', '投诉人', '审核人', '审批人', '签收人', '见证人', '姓名',
];
/** Lazy: the shortest name a delimiter follows, so 王五等。 masks 王五 and 张于洋， still masks all three. */
const HAN_NAME = '[\\u3400-\\u9fff]{2,4}?(?:·[\\u3400-\\u9fff]{1,10})?';
/** What may follow a labelled name; without it we cannot tell where the name ends, so we do not guess. */
const AFTER_NAME = '(?=[\\s，,。．.；;、：:！!？?（()）\\]】"”\'’等于在及和与]|$)';
const LABELLED_NAMES = new RegExp(
  `(${PERSON_LABELS.join('|')})(\\s*[：:]\\s*|\\s*)(${HAN_NAME}(?:、${HAN_NAME})*)${AFTER_NAME}`,
  'gu',
);

export interface MaskTextOptions {
  /** Names known to occur in the text (the parties, the officers); masked wherever they occur. */
  readonly names?: readonly string[];
}

/** Masks ID numbers, mobile numbers, the given names and names written after a role label in free text. */
export function maskText(text: string, options: MaskTextOptions = {}): string {
  let out = text.replace(ID_IN_TEXT, (id) => (isResidentIdNumber(id) ? maskIdNumber(id) : id));
  out = out.replace(MOBILE_IN_TEXT, (mobile) => maskMobile(mobile));
  out = maskKnownNames(out, options.names ?? []);
  return out.replace(
    LABELLED_NAMES,
    (_all, label: string, separator: string, names: string) =>
      `${label}${separator}${names.split('、').map(maskName).join('、')}`,
  );
}

function maskKnownNames(text: string, names: readonly string[]): string {
  // A one-character "name" would mask that character everywhere; such names are left to the label rule.
  const usable = [...new Set(names.map((n) => n.trim()).filter((n) => Array.from(n).length >= 2))];
  if (usable.length === 0) return text;
  usable.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(usable.map(escapeRegExp).join('|'), 'gu');
  return text.replace(pattern, (name) => maskName(name));
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
