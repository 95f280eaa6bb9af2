import { describe, expect, it } from 'vitest';
import { isResidentIdNumber, maskField, maskIdNumber, maskMobile, maskName, maskText } from './masking.js';

// Valid resident ID numbers (check characters computed by hand from GB 11643), and two with a wrong check character.
const VALID_IDS = ['11010519491231002X', '440524188001010014', '110101199003071233', '440304198512125035'];
const BAD_CHECKSUM_IDS = ['110101199003077777', '110101199003071234'];

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['李小龙', '李**'],
    ['欧阳娜娜', '欧阳**'],
    ['欧阳娜', '欧阳*'],
    ['诸葛亮', '诸葛*'],
    ['司马相如', '司马**'],
    ['上官婉儿', '上官**'],
    ['欧阳', '欧*'],
    ['王', '*'],
    ['', ''],
    ['  赵六 ', '赵*'],
    ['买买提·艾力', '买**·**'],
    ['John Smith', 'J*** *****'],
  ])('given %s when masked then %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('isResidentIdNumber', () => {
  it.each(VALID_IDS)('given valid %s then it is detected', (id) => {
    expect(isResidentIdNumber(id)).toBe(true);
  });

  it('given a lower-case x check character then it is detected', () => {
    expect(isResidentIdNumber('11010519491231002x')).toBe(true);
  });

  it.each([...BAD_CHECKSUM_IDS, '1101051949123100', '11010519491231002Y', '110101199013071236', 'abcdefghijklmnopqr'])(
    'given %s then it is not an ID number',
    (value) => {
      expect(isResidentIdNumber(value)).toBe(false);
    },
  );
});

describe('maskIdNumber and maskMobile', () => {
  it('given an ID number then the region code and the last four remain', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('given an old 15-digit ID number in a known field then the middle is masked too', () => {
    expect(maskIdNumber('320311770706001')).toBe('320311*****6001');
  });

  it.each([
    ['13812341234', '138****1234'],
    ['138-1234-1234', '138****1234'],
    ['+86 138 1234 1234', '138****1234'],
    ['12345', '*****'],
  ])('given mobile %s then %s', (mobile, masked) => {
    expect(maskMobile(mobile)).toBe(masked);
  });
});

describe('maskField', () => {
  it('given known fields then each is masked even when it does not look valid', () => {
    expect(maskField('name', '欧阳娜娜')).toBe('欧阳**');
    expect(maskField('idNumber', BAD_CHECKSUM_IDS[0]!)).toBe('110101********7777');
    expect(maskField('mobile', '139 0000 1111')).toBe('139****1111');
  });
});

describe('maskText', () => {
  it('given ID numbers with a valid checksum in text then they are masked', () => {
    const text = `身份证号：${VALID_IDS[0]}；另一人440524188001010014号。`;
    expect(maskText(text)).toBe('身份证号：110105********002X；另一人440524********0014号。');
  });

  it('given an 18-digit number with a wrong checksum in text then it is left alone (it is not an ID number)', () => {
    const text = `案卷编号 ${BAD_CHECKSUM_IDS[0]!}`;
    expect(maskText(text)).toBe(text);
  });

  it('given longer digit runs then no ID or mobile is found inside them', () => {
    const text = '银行账号 62220213812341234567 与 1101051949123100211';
    expect(maskText(text)).toBe(text);
  });

  it('given mobile numbers in several spellings then each is masked', () => {
    const text = '联系电话13812341234，备用 +86 139-0000-1111，座机 010-12345678。';
    expect(maskText(text)).toBe('联系电话138****1234，备用 139****1111，座机 010-12345678。');
  });

  it('given known names then every occurrence is masked, longest name first', () => {
    const text = '经查，张三与欧阳娜娜共同经营；张三丰未到场。张三承认违法事实。';
    expect(maskText(text, { names: ['张三', '欧阳娜娜', '张三丰'] })).toBe(
      '经查，张*与欧阳**共同经营；张**未到场。张*承认违法事实。',
    );
  });

  it('given a one-character known name then it is not masked everywhere', () => {
    expect(maskText('王府井大街', { names: ['王'] })).toBe('王府井大街');
  });

  it('given names written after a role label then they are masked', () => {
    const text = '当事人：李四，男；法定代表人王小五。执法人员：赵六、钱七等到场。被申请人司马光于当日签收。';
    expect(maskText(text)).toBe('当事人：李*，男；法定代表人王**。执法人员：赵*、钱*等到场。被申请人司马*于当日签收。');
  });

  it('given a labelled name followed by a particle that could be part of a name then the shortest name is taken', () => {
    expect(maskText('承办人：李四、王五等。')).toBe('承办人：李*、王*等。');
    expect(maskText('当事人：张于洋，女')).toBe('当事人：张**，女');
    expect(maskText('当事人于洋在现场')).toBe('当事人于*在现场');
  });

  it('given a label followed by a long phrase then nothing is guessed', () => {
    const text = '当事人系本市某某商贸有限责任公司';
    expect(maskText(text)).toBe(text);
  });

  it('given a name both known and labelled then it is masked once', () => {
    expect(maskText('当事人：张三。', { names: ['张三'] })).toBe('当事人：张*。');
  });

  it('given a regex-special known name then it is matched literally', () => {
    expect(maskText('a.b 与 a+b', { names: ['a+b'] })).toBe('a.b 与 a**');
  });

  it('given everything at once then nothing personal survives', () => {
    const text = `当事人张三（身份证号${VALID_IDS[2]!}，电话13812341234）`;
    const masked = maskText(text, { names: ['张三'] });
    expect(masked).toBe('当事人张*（身份证号110101********1233，电话138****1234）');
    expect(masked).not.toContain('张三');
    expect(masked).not.toContain('19900307');
  });
});
