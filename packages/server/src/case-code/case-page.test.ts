import { describe, expect, it } from 'vitest';
import { CASE_PAGE_CSP, renderCasePage, renderInvalidCasePage, renderRevokedCasePage } from './case-page.js';
import { penaltyRecord } from './case-code.fixture.js';

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>'"&`;

describe('renderCasePage', () => {
  it('given a decision then the page shows procedure, dated steps, summary and the benchmark row', () => {
    const html = renderCasePage(penaltyRecord());
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('重大行政执法决定法制审核');
    expect(html).toContain('立案<span class="date">2026年11月2日</span>');
    // 17:00 UTC on the 26th is already the 27th in China.
    expect(html).toContain('法制审核<span class="date">2026年11月27日</span>');
    expect(html).toContain('市场监管行政处罚裁量基准（食品经营）');
    expect(html).toContain('第 3 版');
    expect(html).toContain('第 2 行');
    expect(html).toContain('《中华人民共和国食品安全法》第一百二十四条');
    expect(html).toContain('<tr><th>罚款上限</th><td>20000</td></tr>');
  });

  it('given personal data in the summary then the page shows it masked only', () => {
    const html = renderCasePage(penaltyRecord());
    expect(html).toContain('当事人张*（身份证号110101********1233，电话138****1234）');
    expect(html).toContain('承办人：李*、王*等');
    for (const secret of ['张三', '110101199003071233', '13812341234', '李四', '王五']) expect(html).not.toContain(secret);
  });

  it('given no benchmark then the page says none was applied', () => {
    expect(renderCasePage(penaltyRecord({ benchmark: null }))).toContain('本案未适用行政裁量权基准');
  });

  it('given hostile strings in every field then none of them becomes markup', () => {
    const html = renderCasePage(
      penaltyRecord({
        processName: HOSTILE,
        decisionSummary: HOSTILE,
        steps: [{ activityName: HOSTILE, completedAt: '2026-11-02T01:30:00Z' }],
        benchmark: {
          tableName: HOSTILE,
          decisionId: 'd',
          version: 1,
          ruleId: HOSTILE,
          ruleIndex: 0,
          legalBasis: HOSTILE,
          outputs: { [HOSTILE]: HOSTILE },
        },
      }),
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&quot;&amp;');
    // Title, header, procedure, step, summary, table name, rule id, legal basis, output name and value.
    expect(html.split('&lt;script&gt;').length - 1).toBe(10);
  });

  it('given the page then it loads nothing from elsewhere and its style matches the CSP hash', () => {
    const html = renderCasePage(penaltyRecord(), { qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' });
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    expect(CASE_PAGE_CSP).toContain("default-src 'none'");
    expect(CASE_PAGE_CSP).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
  });
});

describe('pages for revoked and invalid codes', () => {
  it('given a revoked code then its page says so with the date but shows no case data or reason', () => {
    const html = renderRevokedCasePage(
      penaltyRecord({ revokedAt: '2026-12-01T03:00:00Z', revokedBy: 'admin', revokeReason: '张三复议撤销' }),
    );
    expect(html).toContain('该案件码已被撤销');
    expect(html).toContain('2026年12月1日');
    for (const hidden of ['张三', '罚款', '复议', '法制审核']) expect(html).not.toContain(hidden);
  });

  it('given an invalid token then the page says it cannot be verified', () => {
    expect(renderInvalidCasePage()).toContain('无法验证该案件码');
  });
});
