/**
 * Project phase (reporting template §4.1): free-text synonyms and the mapping of the
 * 29 appendix-1 phase strings ("Fase for prosjekt i juni 2016", 000 §4).
 */

export type Phase = 'KONSEPT' | 'PLANLEGGING' | 'GJENNOMFORING' | 'DRIFT_VIDEREUTVIKLING' | 'AVSLUTTET';

export const PHASES: readonly Phase[] = ['KONSEPT', 'PLANLEGGING', 'GJENNOMFORING', 'DRIFT_VIDEREUTVIKLING', 'AVSLUTTET'];

export type PhaseNormaliseResult =
  | { ok: true; phase: Phase; note?: string }
  | { ok: false; reason: 'ambiguous' | 'unknown'; candidates?: Phase[] };

/**
 * Lower-case, NFC, single spaces, no trailing full stop; æ/ø/å folded so
 * "gjennomforing" typed on a non-Norwegian keyboard matches "gjennomføring".
 */
export function phaseKey(raw: string): string {
  return raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[.!]+$/u, '')
    .trim()
    .replace(/æ/gu, 'ae')
    .replace(/ø/gu, 'o')
    .replace(/å/gu, 'a');
}

interface Synonym {
  phase: Phase;
  note?: string;
}

/** §4.1 synonyms, plus the ids, the Norwegian and English labels, and definite "-fasen" forms. */
const SYNONYM_LIST: Readonly<Record<Phase, readonly string[]>> = {
  KONSEPT: ['konsept', 'konseptfase', 'konseptutredning', 'utredning', 'concept', 'concept phase'],
  PLANLEGGING: [
    'planlegging', 'planleggingsfase', 'under planlegging', 'planlegge', 'kravspesifisering',
    'forberedelsesprosjekt', 'planning', 'planning phase',
  ],
  GJENNOMFORING: [
    'gjennomføring', 'gjennomføringsfase', 'implementeringsfase', 'testfase', 'løpende iterativ utvikling',
    'innføring', 'execution', 'implementation',
  ],
  DRIFT_VIDEREUTVIKLING: [
    'drift og videreutvikling', 'løpende feilretting og videreutvikling', 'forvaltning',
    'operation and continuous development',
  ],
  AVSLUTTET: ['avsluttet', 'ferdig', 'closed'],
};

/** "Konsept- og testfase" (DigiSOS) → KONSEPT with "test" kept as a note (§4.1 footnote). */
const SYNONYMS_WITH_NOTE: readonly [string, Synonym][] = [['konsept- og testfase', { phase: 'KONSEPT', note: 'test' }]];

/** Terms that can mean two phases; the bot must ask (§4.1). */
const AMBIGUOUS_LIST: readonly [readonly string[], readonly Phase[]][] = [
  [['forprosjekt', 'forprosjektfase', 'pre-project'], ['KONSEPT', 'PLANLEGGING']],
  [['pilot', 'pilotfase', 'pilotering', 'pilotprosjekt', 'pilot phase'], ['PLANLEGGING', 'GJENNOMFORING']],
];

/** "konseptfase" also accepts "konseptfasen". */
function withDefiniteForm(word: string): string[] {
  return word.endsWith('fase') ? [word, `${word}n`] : [word];
}

function buildSynonyms(): Map<string, Synonym> {
  const map = new Map<string, Synonym>();
  for (const phase of PHASES) {
    const words = [phase.toLowerCase(), ...SYNONYM_LIST[phase]];
    for (const word of words.flatMap(withDefiniteForm)) map.set(phaseKey(word), { phase });
  }
  for (const [word, synonym] of SYNONYMS_WITH_NOTE) map.set(phaseKey(word), synonym);
  return map;
}

function buildAmbiguous(): Map<string, readonly Phase[]> {
  const map = new Map<string, readonly Phase[]>();
  for (const [words, candidates] of AMBIGUOUS_LIST) {
    for (const word of words.flatMap(withDefiniteForm)) map.set(phaseKey(word), candidates);
  }
  return map;
}

const SYNONYMS = buildSynonyms();
const AMBIGUOUS = buildAmbiguous();

/**
 * Free text → phase, only through the synonym table. Ambiguous terms ("forprosjekt",
 * "pilot") return the candidate phases; anything else is `unknown` (never guessed).
 */
export function normalisePhase(raw: string): PhaseNormaliseResult {
  const key = phaseKey(raw);
  const candidates = AMBIGUOUS.get(key);
  if (candidates) return { ok: false, reason: 'ambiguous', candidates: [...candidates] };
  const synonym = SYNONYMS.get(key);
  if (!synonym) return { ok: false, reason: 'unknown' };
  return synonym.note === undefined ? { ok: true, phase: synonym.phase } : { ok: true, ...synonym };
}

// ---------------------------------------------------------------------------
// Appendix-1 mapping (§4.1 table). Plain synonyms go through normalisePhase; the
// multi-part strings below are mapped by hand as in the table.

interface AppendixMapping {
  phase: Phase;
  /** The raw text is kept as phaseNote (projects with parts in different phases). */
  keepRawAsNote: boolean;
}

const APPENDIX_SPECIAL: readonly [string, AppendixMapping][] = [
  // BRsys: externalQA = KS2 (the Ministry of Finance's quality assurance, not KS) and funding status;
  // the template has separate fields for those, so no phaseNote.
  [
    'Passert KS2, venter på bevilgning i statsbudsjettet. Gjennomfører forberedelsesprosjekt.',
    { phase: 'PLANLEGGING', keepRawAsNote: false },
  ],
  // KPR
  ['Gjennomføring for del 1, konseptfase for del 2 og 3.', { phase: 'GJENNOMFORING', keepRawAsNote: true }],
  // Sentral forvaltning for primærdata
  [
    'Implementeringsfase - kortsiktig løsning. Utredning og kravspesifiseringsfase - langsiktig løsning.',
    { phase: 'GJENNOMFORING', keepRawAsNote: true },
  ],
  // FKB (multi-line status)
  [
    '- Forvaltningssystemet (1.gen.) er stort sett ferdig utviklet og testet. - 2 pilotkommuner er nå tilkoblet systemet - Kommunevis innføring i 2017 og 2018. - Arbeid med 2.gen. løsning startes i løpet av 2017.',
    { phase: 'GJENNOMFORING', keepRawAsNote: true },
  ],
  // ImPact_NIR
  [
    'Løpende feilretting og videreutvikling med nye produksjonssettinger (deploy) hver 3. uke',
    { phase: 'DRIFT_VIDEREUTVIKLING', keepRawAsNote: false },
  ],
];

const APPENDIX = new Map(APPENDIX_SPECIAL.map(([raw, mapping]) => [phaseKey(raw), mapping]));

/**
 * Maps one of the 29 appendix-1 phase strings (§4.1 table). Totals over the 29 records:
 * KONSEPT 5, PLANLEGGING 7, GJENNOMFORING 16, DRIFT_VIDEREUTVIKLING 1.
 * Throws for a string outside the table: demo import must not guess a phase.
 */
export function mapAppendixPhase(raw: string): { phase: Phase; phaseNote?: string } {
  const special = APPENDIX.get(phaseKey(raw));
  if (special) {
    return special.keepRawAsNote ? { phase: special.phase, phaseNote: raw.normalize('NFC').trim() } : { phase: special.phase };
  }
  const normalised = normalisePhase(raw);
  if (!normalised.ok) throw new Error(`Appendix phase not in the §4.1 mapping (${normalised.reason}): ${raw}`);
  return normalised.note === undefined ? { phase: normalised.phase } : { phase: normalised.phase, phaseNote: normalised.note };
}
