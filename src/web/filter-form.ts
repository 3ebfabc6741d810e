import { pick, type Locale } from '../core/i18n.js';
import { MONTHS_MAX, MONTHS_MIN, OVERVIEW_SORTS, type OverviewQuery } from '../core/overview/overview-query.js';
import { choicesFor, findField } from '../core/reporting/template-lookup.js';
import type { ReportingContent } from '../core/reporting/template-types.js';
import { html, type SafeHtml } from './html.js';
import { langHref, OVERVIEW_PATHS } from './page-layout.js';
import { pageText, type OverviewTexts, type PageTextKey } from './overview-texts.js';

/*
 * The filters as a plain GET form: works without JavaScript, every control has a label, and the
 * submitted query is exactly what parseOverviewQuery accepts ("all" options submit an empty value).
 */

interface Option {
  value: string;
  label: string;
}

interface FormContext {
  query: OverviewQuery;
  content: ReportingContent;
  texts: OverviewTexts;
  locale: Locale;
}

function fieldChoices(ctx: FormContext, fieldId: string): Option[] {
  const field = findField(ctx.content, fieldId);
  return field ? choicesFor(field, ctx.content).map((c) => ({ value: c.value, label: pick(c.label, ctx.locale) })) : [];
}

function byLabel(options: Option[], locale: Locale): Option[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return [...options].sort((a, b) => collator.compare(a.label, b.label));
}

function areaCheckboxes(ctx: FormContext): SafeHtml {
  const boxes = fieldChoices(ctx, 'serviceAreas').map(({ value, label }) => {
    const id = `area-${value}`;
    const checked = ctx.query.areas.includes(value) ? html` checked` : '';
    return html`<div class="checkbox"><input type="checkbox" id="${id}" name="area" value="${value}"${checked}><label for="${id}">${label}</label></div>`;
  });
  return html`<fieldset class="field areas"><legend>${pageText(ctx.texts, ctx.locale, 'filterArea')}</legend><div class="checkbox-grid">${boxes}</div></fieldset>`;
}

function selectField(ctx: FormContext, name: string, labelKey: PageTextKey, allKey: PageTextKey | undefined, options: Option[], selected: string | undefined): SafeHtml {
  const id = `filter-${name}`;
  const all = allKey ? html`<option value="">${pageText(ctx.texts, ctx.locale, allKey)}</option>` : '';
  const items = options.map((o) => html`<option value="${o.value}"${o.value === selected ? html` selected` : ''}>${o.label}</option>`);
  return html`<div class="field"><label for="${id}">${pageText(ctx.texts, ctx.locale, labelKey)}</label><select id="${id}" name="${name}">${all}${items}</select></div>`;
}

function monthsField(ctx: FormContext): SafeHtml {
  const t = (key: PageTextKey) => pageText(ctx.texts, ctx.locale, key);
  const value = ctx.query.months === undefined ? '' : String(ctx.query.months);
  return html`<div class="field"><label for="filter-months">${t('filterMonths')}</label>
<input type="number" id="filter-months" name="months" min="${MONTHS_MIN}" max="${MONTHS_MAX}" step="1" inputmode="numeric" value="${value}" aria-describedby="filter-months-hint">
<span class="hint after" id="filter-months-hint">${t('filterMonthsHint')}</span></div>`;
}

function organisationOptions(ctx: FormContext): { ministries: Option[]; agencies: Option[] } {
  const { organisations } = ctx.content;
  return {
    ministries: byLabel(organisations.ministries.map((m) => ({ value: m.id, label: pick(m.name, ctx.locale) })), ctx.locale),
    agencies: byLabel(organisations.agencies.map((a) => ({ value: a.id, label: pick(a.name, ctx.locale) })), ctx.locale),
  };
}

export function renderFilterForm(ctx: FormContext): SafeHtml {
  const t = (key: PageTextKey) => pageText(ctx.texts, ctx.locale, key);
  const { ministries, agencies } = organisationOptions(ctx);
  const sorts = OVERVIEW_SORTS.map((s) => ({ value: s, label: ctx.texts[ctx.locale].sorts[s] }));
  return html`<form class="filters panel" method="get" action="${OVERVIEW_PATHS.list}" aria-labelledby="filters-heading">
<h2 id="filters-heading">${t('filtersHeading')}</h2>
<input type="hidden" name="lang" value="${ctx.locale}">
${areaCheckboxes(ctx)}
<div class="filter-row">
${selectField(ctx, 'ministry', 'filterMinistry', 'filterMinistryAll', ministries, ctx.query.ministries[0])}
${selectField(ctx, 'agency', 'filterAgency', 'filterAgencyAll', agencies, ctx.query.agencies[0])}
${selectField(ctx, 'phase', 'filterPhase', 'filterPhaseAll', fieldChoices(ctx, 'phase'), ctx.query.phases[0])}
${monthsField(ctx)}
${selectField(ctx, 'sort', 'sortLabel', undefined, sorts, ctx.query.sort)}
</div>
<div class="actions"><button type="submit">${t('applyFilters')}</button><a href="${langHref(OVERVIEW_PATHS.list, ctx.locale)}">${t('resetFilters')}</a></div>
</form>`;
}
