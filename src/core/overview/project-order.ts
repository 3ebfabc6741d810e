import type { Locale } from '../i18n.js';
import { nextDeadline } from './deadline-window.js';
import type { OverviewSort } from './overview-query.js';
import type { PublishedProject } from './published-project.js';

/*
 * Sorting of the published list. It runs in the application rather than the database so that
 * names sort by the language's collation (æ, ø, å after z in Norwegian) on every MongoDB backend.
 */

type Compare = (a: PublishedProject, b: PublishedProject) => number;

function byName(collator: Intl.Collator): Compare {
  return (a, b) => collator.compare(a.name, b.name) || a.projectId.localeCompare(b.projectId);
}

/** Soonest upcoming deadline first; projects without one last. */
function byDeadline(today: string, then: Compare): Compare {
  return (a, b) => {
    const da = nextDeadline(a, today)?.end ?? '9999-12-31';
    const db = nextDeadline(b, today)?.end ?? '9999-12-31';
    return da.localeCompare(db) || then(a, b);
  };
}

/** Most recently approved first. */
function byUpdated(then: Compare): Compare {
  return (a, b) => (b.approvedAt ?? '').localeCompare(a.approvedAt ?? '') || then(a, b);
}

function byMinistry(collator: Intl.Collator, then: Compare): Compare {
  return (a, b) => collator.compare(a.ministry.label, b.ministry.label) || then(a, b);
}

export function sortProjects(projects: PublishedProject[], sort: OverviewSort, locale: Locale, today: string): PublishedProject[] {
  const collator = new Intl.Collator(locale === 'nb' ? 'nb' : 'en', { sensitivity: 'base', numeric: true });
  const name = byName(collator);
  const compare: Record<OverviewSort, Compare> = {
    name,
    deadline: byDeadline(today, name),
    updated: byUpdated(name),
    ministry: byMinistry(collator, name),
  };
  return [...projects].sort(compare[sort]);
}
