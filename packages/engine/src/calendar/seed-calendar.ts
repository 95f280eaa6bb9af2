/** Shape of the generated seed table (cn-holidays.data.ts): compact tuples keep the generated file small. */
export interface SeedCalendar {
  /** e.g. `chinese-days 1.5.7`; copied into every entry's `source`. */
  readonly source: string;
  /** Years the source has official data for; other years are provisional until imported. */
  readonly years: readonly number[];
  readonly entries: readonly (readonly [date: string, kind: 'holiday' | 'workday', name: string])[];
}
