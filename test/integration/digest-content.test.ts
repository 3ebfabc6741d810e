/**
 * What a weekly digest contains (reporting-template.md §8, issue 5 item 3), composed by the real
 * service against MongoDB: approved, shareable records only; new vs changed ("før → nå") vs
 * withdrawn; each change in exactly one digest per subscription whatever the timing of approvals;
 * the deadline calendar with its flags; the empty week.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestProjectsModel, DigestSummaryModel } from '../../src/core/digest/digest-cards.js';
import { composeNow, runSlot, type DigestServiceDeps } from '../../src/core/digest/digest-service.js';
import type { OutboxEntry, Subscription } from '../../src/core/digest/digest-types.js';
import { addMonths } from '../../src/core/overview/deadline-window.js';
import type { CardIntent } from '../../src/core/outbound.js';
import { expectValidCard, useAdaptiveCardsRenderer } from '../support/adaptive-card-validation.js';
import {
  cardText,
  digestService,
  digestSettings,
  MemoryChannel,
  projectAnswers,
  publish,
  renderer,
  subscribeDirect,
  submittedVersion,
  TestClock,
  withdrawProject,
} from './digest-fixtures.js';

let mongo: MongoClient;

beforeAll(async () => {
  mongo = await MongoClient.connect(process.env['MONGODB_URI'] as string);
});
afterAll(async () => {
  await mongo?.close();
});

useAdaptiveCardsRenderer();

const DAY = 86_400_000;
const start = new Date();

function freshDb(): Db {
  return mongo.db(`digest_${randomUUID().replace(/-/g, '').slice(0, 10)}`);
}

/** Monday 08:00 slots one week apart, from now. */
const slot = (n: number) => new Date(start.getTime() + n * 7 * DAY);

async function entriesOf(deps: DigestServiceDeps, sub: Subscription): Promise<OutboxEntry[]> {
  const all = await deps.outbox.listRecent(100);
  const ids = all.filter((e) => e.subscriptionId === sub._id).map((e) => e._id);
  const full = await Promise.all(ids.map((id) => deps.outbox.findById(id)));
  return full.filter((e): e is OutboxEntry => e !== null).sort((a, b) => a.chain - b.chain);
}

async function lastEntry(deps: DigestServiceDeps, sub: Subscription): Promise<OutboxEntry> {
  const list = await entriesOf(deps, sub);
  const last = list[list.length - 1];
  if (!last) throw new Error('no digest for the subscription');
  return last;
}

const summaryOf = (e: OutboxEntry) => e.parts[0]?.card.data as DigestSummaryModel;
const projectsOf = (e: OutboxEntry) => e.parts.slice(1).flatMap((p) => (p.card.data as DigestProjectsModel).projects);
const allText = (e: OutboxEntry) => e.parts.map((p) => cardText(p.card)).join('\n');
const names = (e: OutboxEntry, kind: 'new' | 'changed') => projectsOf(e).filter((p) => p.kind === kind).map((p) => p.name);

describe('inclusion rules', () => {
  let db: Db;
  let deps: DigestServiceDeps & { channel: MemoryChannel };
  let clock: TestClock;
  let sub: Subscription;

  beforeAll(async () => {
    db = freshDb();
    clock = new TestClock(start);
    deps = await digestService(db, clock);
    sub = await subscribeDirect(deps, 'teams:19:inclusion@thread.tacv2');
    const at = new Date(start.getTime() + DAY);
    await publish(db, 'open', 1, projectAnswers({ name: 'Åpent helseprosjekt', deadlineMonths: 2 }), 'APEN', at);
    await publish(db, 'ks', 1, projectAnswers({ name: 'KS-delt velferdsprosjekt', areas: 'VELFERD', deadlineMonths: 3 }), 'KS_OG_STAT', at);
    await publish(db, 'secret', 1, projectAnswers({ name: 'Hemmelig skatteprosjekt', deadlineMonths: 2 }), 'KUN_STAT', at);
    await publish(db, 'conf', 1, projectAnswers({ name: 'Budsjettsensitivt prosjekt', investment: '7654321', confidentialCosts: true }), 'APEN', at);
    // Published openly, then a new version restricted to the state: never shown at all.
    await publish(db, 'downgraded', 1, projectAnswers({ name: 'Nedgradert prosjekt' }), 'APEN', at);
    await publish(db, 'downgraded', 2, projectAnswers({ name: 'Nedgradert prosjekt v2 med hemmelig navn' }), 'KUN_STAT', new Date(at.getTime() + 1000));
    // A submitted version nobody approved, and a demo record.
    await db.collection('reports').insertOne(submittedVersion('draft', 1, projectAnswers({ name: 'Innsendt men ikke godkjent' }), at) as never);
    await db.collection('reports').insertOne({ ...submittedVersion('demo', 1, projectAnswers({ name: 'Demoprosjekt' }), at), state: 'GODKJENT', demo: true, approvedAt: at, decision: { outcome: 'GODKJENT', sharingLevel: 'APEN', by: { platform: 'teams', userId: 'x', displayName: 'x' }, at } } as never);
    clock.set(slot(1));
    await runSlot(deps, slot(1));
  });

  it('shows approved APEN and KS_OG_STAT projects, never KUN_STAT, drafts or demo records', async () => {
    const entry = await lastEntry(deps, sub);
    expect(names(entry, 'new').sort()).toEqual(['Budsjettsensitivt prosjekt', 'KS-delt velferdsprosjekt', 'Åpent helseprosjekt'].sort());
    const text = allText(entry);
    for (const hidden of ['Hemmelig skatteprosjekt', 'Nedgradert', 'Innsendt men ikke godkjent', 'Demoprosjekt']) expect(text).not.toContain(hidden);
    expect(summaryOf(entry).counts).toBe('Nye prosjekter: 3 · Endrede: 0 · Trukket: 0');
  });

  it('keeps KUN_STAT deadlines out of the calendar', async () => {
    const calendar = summaryOf(await lastEntry(deps, sub)).months.flatMap((m) => m.lines).join('\n');
    expect(calendar).toContain('Åpent helseprosjekt');
    expect(calendar).toContain('KS-delt velferdsprosjekt');
    expect(calendar).not.toContain('Hemmelig');
  });

  it('hides the state cost figures of a project whose figures are confidential', async () => {
    const entry = await lastEntry(deps, sub);
    const conf = projectsOf(entry).find((p) => p.name === 'Budsjettsensitivt prosjekt');
    expect(conf?.facts.find((f) => f.title === 'Investering (staten)')?.value).toBe('Ikke delt (budsjettsensitivt)');
    const text = allText(entry);
    for (const amount of ['7654321', '7 654 321', '7,654,321']) expect(text).not.toContain(amount);
    const open = projectsOf(entry).find((p) => p.name === 'Åpent helseprosjekt');
    expect(open?.facts.find((f) => f.title === 'Investering (staten)')?.value).toBe('45 000 000 kr');
  });

  it('shows the §8.3 facts, "ikke oppgitt" where the report says nothing, and the flags', async () => {
    const open = projectsOf(await lastEntry(deps, sub)).find((p) => p.name === 'Åpent helseprosjekt');
    const facts = Object.fromEntries((open?.facts ?? []).map((f) => [f.title, f.value]));
    expect(facts['Virksomhet → departement']).toBe('Helsedirektoratet → Helse- og omsorgsdepartementet');
    expect(facts['Obligatorisk eller frivillig']).toBe('Obligatorisk');
    expect(facts['Frister']).toContain('Ta i bruk Åpent helseprosjekt (obligatorisk)');
    expect(facts['KS involvert']).toBe('Ja – første gang i fasen konsept');
    expect(open?.flags).toContain('Frist innen 6 måneder');
    const ks = projectsOf(await lastEntry(deps, sub)).find((p) => p.name === 'KS-delt velferdsprosjekt');
    expect(Object.fromEntries((ks?.facts ?? []).map((f) => [f.title, f.value]))['Gevinster for kommunene']).toContain('Innbyggerne får raskere svar');
  });

  it('renders every message as a valid Adaptive Card within the size budget', async () => {
    const entry = await lastEntry(deps, sub);
    for (const part of entry.parts) {
      expectValidCard(renderer.render(part.card));
      expect(part.bytes).toBeLessThanOrEqual(80 * 1024);
    }
  });
});

describe('new, changed and withdrawn, each once', () => {
  let db: Db;
  let deps: DigestServiceDeps & { channel: MemoryChannel };
  let clock: TestClock;
  let all: Subscription;
  let welfare: Subscription;

  beforeAll(async () => {
    db = freshDb();
    clock = new TestClock(start);
    deps = await digestService(db, clock);
    all = await subscribeDirect(deps, 'teams:19:all@thread.tacv2');
    welfare = await subscribeDirect(deps, 'teams:19:welfare@thread.tacv2', { filters: { serviceAreas: ['VELFERD'] }, locale: 'en' });
  });

  it('lists a first approval as new', async () => {
    await publish(db, 'p', 1, projectAnswers({ name: 'Digital sosialhjelp', areas: 'VELFERD', phase: 'PLANLEGGING' }), 'APEN', new Date(start.getTime() + DAY));
    await runSlot(deps, slot(1));
    expect(names(await lastEntry(deps, all), 'new')).toEqual(['Digital sosialhjelp']);
    expect(names(await lastEntry(deps, welfare), 'new')).toEqual(['Digital sosialhjelp']);
  });

  it('lists a new approved version as changed, with "before → now" for the material fields that changed', async () => {
    const v2 = projectAnswers({ name: 'Digital sosialhjelp', areas: 'VELFERD', phase: 'GJENNOMFORING', extra: { description: { description: 'En helt ny beskrivelse av prosjektet som er lang nok til å bli godtatt.' } } });
    await publish(db, 'p', 2, v2, 'APEN', new Date(start.getTime() + 8 * DAY));
    await runSlot(deps, slot(2));
    const entry = await lastEntry(deps, all);
    expect(names(entry, 'new')).toEqual([]);
    const changed = projectsOf(entry).find((p) => p.kind === 'changed');
    expect(changed?.name).toBe('Digital sosialhjelp');
    expect(changed?.changes).toEqual([{ title: 'Fase', value: 'Planlegging → Gjennomføring' }]);
    expect(changed?.others).toBe('Også endret: Kort beskrivelse av prosjektet');
    const en = projectsOf(await lastEntry(deps, welfare)).find((p) => p.kind === 'changed');
    expect(en?.changes).toEqual([{ title: 'Phase', value: 'Planning → Execution' }]);
  });

  it('does not list a version whose only changes are not material', async () => {
    const v3 = projectAnswers({ name: 'Digital sosialhjelp', areas: 'VELFERD', phase: 'GJENNOMFORING', extra: { identification: { contactName: 'Ola Nordmann' } } });
    await publish(db, 'p', 3, v3, 'APEN', new Date(start.getTime() + 15 * DAY));
    await runSlot(deps, slot(3));
    const entry = await lastEntry(deps, all);
    expect(entry.counts).toEqual({ newProjects: 0, changed: 0, withdrawn: 0 });
  });

  it('mentions a withdrawn project once, then never again', async () => {
    await withdrawProject(db, 'p', new Date(start.getTime() + 22 * DAY));
    await runSlot(deps, slot(4));
    const entry = await lastEntry(deps, all);
    expect(summaryOf(entry).withdrawn).toEqual(['Digital sosialhjelp']);
    expect(entry.counts.withdrawn).toBe(1);
    await runSlot(deps, slot(5));
    const after = await lastEntry(deps, all);
    expect(after.chain).toBe(entry.chain + 1);
    expect(after.counts).toEqual({ newProjects: 0, changed: 0, withdrawn: 0 });
    expect(summaryOf(after).withdrawn).toEqual([]);
  });

  it('says so in one line in an empty week, with the calendar', async () => {
    const entry = await lastEntry(deps, all);
    expect(entry.parts).toHaveLength(1);
    expect(summaryOf(entry).emptyWeek).toBe('Ingen nye eller endrede prosjekter denne uken.');
    expect(summaryOf(entry).calendarTitle).toBe('Frister for kommunene neste 12 måneder');
    expect(summaryOf(await lastEntry(deps, welfare)).emptyWeek).toBe('No new or changed projects this week.');
  });

  it('shows a project leaving a subscription\'s filter as changed, and one entering it as new', async () => {
    await publish(db, 'q', 1, projectAnswers({ name: 'Helseportal', areas: 'HELSE_OMSORG' }), 'APEN', new Date(start.getTime() + 36 * DAY));
    await runSlot(deps, slot(6));
    expect(names(await lastEntry(deps, welfare), 'new')).toEqual([]);
    await publish(db, 'q', 2, projectAnswers({ name: 'Helseportal', areas: 'HELSE_OMSORG,VELFERD' }), 'APEN', new Date(start.getTime() + 43 * DAY));
    await runSlot(deps, slot(7));
    expect(names(await lastEntry(deps, welfare), 'new')).toEqual(['Helseportal']);
    expect(names(await lastEntry(deps, all), 'changed')).toEqual(['Helseportal']);
  });
});

describe('no gaps, no repeats', () => {
  it('puts an approval that lands during composition into the next digest, exactly once', async () => {
    const db = freshDb();
    const clock = new TestClock(start);
    const base = await digestService(db, clock);
    const sub = await subscribeDirect(base, 'teams:19:race@thread.tacv2');
    await publish(db, 'a', 1, projectAnswers({ name: 'Før sporet' }), 'APEN', new Date(start.getTime() + DAY));
    let injected = 0;
    // The approval lands right after the slot fixed its sequence number, while it composes.
    const deps: DigestServiceDeps = {
      ...base,
      versions: {
        findVersions: async (ids) => {
          if (injected++ === 0) await publish(db, 'b', 1, projectAnswers({ name: 'Under komponering' }), 'APEN', new Date(start.getTime() + 2 * DAY));
          return base.versions.findVersions(ids);
        },
      },
    };
    await runSlot(deps, slot(1));
    expect(names(await lastEntry(base, sub), 'new')).toEqual(['Før sporet']);
    await runSlot(base, slot(2));
    expect(names(await lastEntry(base, sub), 'new')).toEqual(['Under komponering']);
    await runSlot(base, slot(3));
    expect((await lastEntry(base, sub)).counts).toEqual({ newProjects: 0, changed: 0, withdrawn: 0 });
  });

  it('covers every event once when "send now", a second instance and the schedule race for one subscription', async () => {
    const db = freshDb();
    const clock = new TestClock(start);
    const one = await digestService(db, clock);
    const two = await digestService(db, clock);
    const sub = await subscribeDirect(one, 'teams:19:chain@thread.tacv2');
    const seen: string[] = [];
    for (let week = 1; week <= 4; week += 1) {
      await publish(db, `w${week}a`, 1, projectAnswers({ name: `Uke ${week} A` }), 'APEN', new Date(start.getTime() + (week - 1) * 7 * DAY + DAY));
      const fresh = (await one.subscriptions.findById(sub._id)) as Subscription;
      const racing: Promise<unknown>[] = [runSlot(one, slot(week)), runSlot(two, slot(week)), composeNow(two, fresh)];
      await publish(db, `w${week}b`, 1, projectAnswers({ name: `Uke ${week} B` }), 'APEN', new Date(start.getTime() + (week - 1) * 7 * DAY + 2 * DAY));
      racing.push(composeNow(one, fresh));
      await Promise.all(racing);
    }
    await runSlot(one, slot(5));
    const entries = await entriesOf(one, sub);
    expect(entries.map((e) => e.chain)).toEqual(entries.map((_, i) => i + 1));
    for (let i = 1; i < entries.length; i += 1) expect(entries[i]?.fromSeq).toBe(entries[i - 1]?.toSeq);
    for (const e of entries) seen.push(...names(e, 'new'));
    expect(seen.sort()).toEqual(['Uke 1 A', 'Uke 1 B', 'Uke 2 A', 'Uke 2 B', 'Uke 3 A', 'Uke 3 B', 'Uke 4 A', 'Uke 4 B']);
    const scheduled = entries.filter((e) => !e.manual).map((e) => e.slotKey);
    expect(new Set(scheduled).size).toBe(scheduled.length);
  });

  it('sequences approvals once when two instances sync at the same time', async () => {
    const db = freshDb();
    const clock = new TestClock(start);
    const one = await digestService(db, clock);
    const two = await digestService(db, clock);
    for (let i = 0; i < 30; i += 1) await publish(db, `s${i}`, 1, projectAnswers({ name: `Prosjekt ${i}` }), 'APEN', new Date(start.getTime() + i * 1000));
    const [a, b] = await Promise.all([one.publications.sync(), two.publications.sync()]);
    expect(Math.max(a, b)).toBe(30);
    const events = await one.publications.listUpTo(100);
    expect(events.map((e) => e._id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.reportId)).size).toBe(30);
  });
});

describe('deadline calendar', () => {
  it('groups deadlines by month and flags months where two projects hit the same service area', async () => {
    const db = freshDb();
    const clock = new TestClock(start);
    const deps = await digestService(db, clock);
    const sub = await subscribeDirect(deps, 'teams:19:calendar@thread.tacv2');
    const at = new Date(start.getTime() + DAY);
    await publish(db, 'h1', 1, projectAnswers({ name: 'Helse en', areas: 'HELSE_OMSORG', deadlineMonths: 4 }), 'APEN', at);
    await publish(db, 'h2', 1, projectAnswers({ name: 'Helse to', areas: 'HELSE_OMSORG,VELFERD', deadlineMonths: 4 }), 'KS_OG_STAT', at);
    await publish(db, 'k1', 1, projectAnswers({ name: 'Kultur en', areas: 'KULTUR', deadlineMonths: 4 }), 'APEN', at);
    await publish(db, 'k2', 1, projectAnswers({ name: 'Kultur to', areas: 'KULTUR', deadlineMonths: 9 }), 'APEN', at);
    await publish(db, 'late', 1, projectAnswers({ name: 'For sent', areas: 'KULTUR', deadlineMonths: 14 }), 'APEN', at);
    await runSlot(deps, slot(1));
    const months = summaryOf(await lastEntry(deps, sub)).months;
    const month4 = addMonths(start.toISOString().slice(0, 10), 4).slice(0, 7);
    const crowded = months.find((m) => m.lines.some((l) => l.includes('Helse en')));
    expect(crowded?.lines).toHaveLength(3);
    expect(crowded?.flag).toBe('⚑ Flere frister samme måned: Helse og omsorg (2 prosjekter)');
    expect(crowded?.title.toLowerCase()).toContain(new Intl.DateTimeFormat('nb-NO', { month: 'long', timeZone: 'UTC' }).format(new Date(`${month4}-15T00:00:00Z`)));
    const later = months.find((m) => m.lines.some((l) => l.includes('Kultur to')));
    expect(later?.flag).toBe('');
    expect(months.flatMap((m) => m.lines).join('\n')).not.toContain('For sent');
  });
});

describe('size budget', () => {
  it('cuts project pages so every message stays within the budget, and links to the overview for the rest', async () => {
    const db = freshDb();
    const clock = new TestClock(start);
    const settings = digestSettings({ DIGEST_MAX_MESSAGE_KB: '24' });
    const deps = await digestService(db, clock, { settings, channel: new MemoryChannel(settings.delivery.maxMessageBytes) });
    const sub = await subscribeDirect(deps, 'teams:19:big@thread.tacv2');
    const long = 'Kommunene må koble fagsystemet til den nye nasjonale løsningen og endre rutinene for mottak. '.repeat(10).slice(0, 900);
    for (let i = 0; i < 40; i += 1) {
      await publish(db, `big${i}`, 1, projectAnswers({ name: `Stort prosjekt ${String(i).padStart(2, '0')}`, deadlineMonths: 1 + (i % 11), extra: { description: { municipalImpactSummary: long } } }), 'APEN', new Date(start.getTime() + i * 1000));
    }
    await runSlot(deps, slot(1));
    const entry = await lastEntry(deps, sub);
    for (const part of entry.parts) expect(part.bytes).toBeLessThanOrEqual(24 * 1024);
    expect(projectsOf(entry)).toHaveLength(30);
    const last = entry.parts[entry.parts.length - 1]?.card as CardIntent<DigestProjectsModel>;
    expect(last.data.more).toBe('10 prosjekter til er ikke vist her; se hele oversikten');
    expect(last.data.link?.url).toBe('https://samhandling.example/overview?lang=nb');
    expect(entry.parts.length).toBeGreaterThan(4);
  });
});
