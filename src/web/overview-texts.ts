import { join } from 'node:path';
import { z } from 'zod';
import { format, type Locale } from '../core/i18n.js';
import { COMPLETENESS_METRICS, type CompletenessMetricId } from '../core/overview/completeness.js';
import { OVERVIEW_SORTS, type OverviewSort, type QueryProblemKind } from '../core/overview/overview-query.js';
import { loadJsonConfig } from '../settings/json-config.js';

/*
 * The overview's own texts (config/overview-texts.json): one object per language with the same
 * keys, checked at load so a missing or misspelt text stops the start, not a page view.
 */

export const PAGE_TEXT_KEYS = [
  'siteTitle',
  'skipLink',
  'mainNavLabel',
  'navOverview',
  'navCompleteness',
  'otherLanguageName',
  'footerNote',
  'listTitle',
  'listIntro',
  'filtersHeading',
  'filterArea',
  'filterMinistry',
  'filterMinistryAll',
  'filterAgency',
  'filterAgencyAll',
  'filterPhase',
  'filterPhaseAll',
  'filterMonths',
  'filterMonthsHint',
  'sortLabel',
  'applyFilters',
  'resetFilters',
  'resultCount',
  'exportHeading',
  'exportCsv',
  'exportJson',
  'tableCaption',
  'colProject',
  'colOrganisation',
  'colAreas',
  'colPhase',
  'colNextDeadline',
  'colFlags',
  'colApproved',
  'noProjects',
  'noDeadline',
  'noFlags',
  'binding',
  'detailBack',
  'detailFacts',
  'factAgency',
  'factMinistry',
  'factPhase',
  'factAreas',
  'factVersion',
  'factApproved',
  'factSharing',
  'flagsHeading',
  'flagsNone',
  'deadlinesHeading',
  'deadlinesCaption',
  'colDeadlineDate',
  'colDeadlineWhat',
  'colDeadlineBinding',
  'deadlinesNone',
  'confidentialNotice',
  'detailAnswersHeading',
  'completenessTitle',
  'completenessIntro',
  'completenessCaption',
  'colMeasure',
  'colNowCount',
  'colNowShare',
  'colBaseline',
  'baselineNone',
  'approximately',
  'countOf',
  'flagsTableCaption',
  'colFlag',
  'colProjects',
  'colShare',
  'completenessEmpty',
  'errorBadQueryTitle',
  'errorBadQueryIntro',
  'errorBadQueryLink',
  'errorNotFoundTitle',
  'errorNotFoundText',
  'errorServerTitle',
  'errorServerText',
  'csvProjectId',
  'csvVersion',
  'csvApproved',
  'csvSharing',
  'csvFlags',
  'csvNextDeadline',
  'hiddenConfidential',
] as const;
export type PageTextKey = (typeof PAGE_TEXT_KEYS)[number];

export const PROBLEM_KINDS = [
  'unknownParam',
  'notPlainValue',
  'notRepeatable',
  'tooManyValues',
  'unknownValue',
  'notAWholeNumber',
  'outOfRange',
] as const satisfies readonly QueryProblemKind[];

export interface LocaleTexts {
  pages: Record<PageTextKey, string>;
  sorts: Record<OverviewSort, string>;
  metrics: Record<CompletenessMetricId, string>;
  problems: Record<QueryProblemKind, string>;
}

export type OverviewTexts = Record<Locale, LocaleTexts>;

const Text = z.string().trim().min(1);
const keyed = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, Text])) as Record<K, typeof Text>);

const LocaleTextsSchema = z.strictObject({
  pages: keyed(PAGE_TEXT_KEYS),
  sorts: keyed(OVERVIEW_SORTS),
  metrics: keyed(COMPLETENESS_METRICS),
  problems: keyed(PROBLEM_KINDS),
});

const OverviewTextsSchema = z.strictObject({ _note: z.string().optional(), nb: LocaleTextsSchema, en: LocaleTextsSchema });

export function loadOverviewTexts(configDir: string): OverviewTexts {
  const { nb, en } = loadJsonConfig(join(configDir, 'overview-texts.json'), OverviewTextsSchema);
  return { nb, en };
}

/** A page text in `locale` with its `{placeholders}` filled. */
export function pageText(texts: OverviewTexts, locale: Locale, key: PageTextKey, params: Record<string, string | number> = {}): string {
  return format(texts[locale].pages[key], params);
}
