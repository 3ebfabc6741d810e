import { join } from 'node:path';
import { z } from 'zod';
import type { MergerGuide } from '../core/merger/guide-types.js';
import type { MergerTexts } from '../core/merger/merger-texts.js';
import { buildMunicipalityIndex, type KommunerData, type MunicipalityIndex } from '../core/merger/municipalities.js';
import type { ReportingContent } from '../core/reporting/template-types.js';
import type { BotTexts } from '../core/texts.js';
import { loadJsonConfig } from './json-config.js';
import { loadMergerGuide } from './merger-guide-schema.js';
import { loadReportingContent } from './reporting-template-schema.js';
import { loadBotTexts, loadMergerTexts } from './texts-schema.js';

/** Everything under config/, validated: a broken file stops the start with a precise message. */
export interface Content {
  reporting: ReportingContent;
  texts: BotTexts;
  mergerGuide: MergerGuide;
  mergerTexts: MergerTexts;
  municipalities: MunicipalityIndex;
  /** merger-guide area id → reporting-template service areas. */
  areaServiceAreas: Record<string, string[]>;
}

const Municipality = z.object({
  number: z.string().regex(/^\d{4}$/),
  name: z.string().min(1),
  nameNo: z.string().optional(),
  nameSsb: z.string().optional(),
  county: z.string().min(1),
  countyNumber: z.string().optional(),
  number2020to2023: z.string().optional(),
  numberBefore2020: z.string().optional(),
});

const MergerRecord = z.object({
  newNumber: z.string(),
  newName: z.string(),
  newCounty: z.string().optional(),
  date: z.string(),
  from: z.array(z.object({ number: z.string(), name: z.string(), county: z.string().optional(), part: z.boolean().optional() })),
  currentNumbers: z.array(z.object({ number: z.string(), name: z.string() })).optional(),
});

/** The municipalities of 2024 and the mergers of 2017–2020 (config/kommuner.json, from SSB/Kartverket). */
const Kommuner = z.object({
  current: z.object({ municipalities: z.array(Municipality).min(300) }),
  mergers2020: z.array(MergerRecord).optional(),
  mergers2017to2019: z.array(MergerRecord).optional(),
});

const ServiceAreaMap = z.strictObject({ _note: z.string().optional(), map: z.record(z.string(), z.array(z.string()).min(1)) });

function checkServiceAreaMap(map: Record<string, string[]>, guide: MergerGuide, reporting: ReportingContent, file: string): void {
  const known = new Set(reporting.template.fields.find((f) => f.id === 'serviceAreas')?.choices?.map((c) => c.value) ?? []);
  const areaIds = new Set(guide.areas.map((a) => a.id));
  for (const [areaId, values] of Object.entries(map)) {
    if (!areaIds.has(areaId)) throw new Error(`${file}: map.${areaId}: not an area of the merger guide`);
    for (const v of values) if (!known.has(v)) throw new Error(`${file}: map.${areaId}: ${v} is not a service area of the reporting template`);
  }
}

export function loadContent(configDir: string): Content {
  const reporting = loadReportingContent(configDir);
  const mergerGuide = loadMergerGuide(configDir);
  const kommuner = loadJsonConfig(join(configDir, 'kommuner.json'), Kommuner) as KommunerData;
  const mapFile = join(configDir, 'merger-service-areas.json');
  const areaServiceAreas = loadJsonConfig(mapFile, ServiceAreaMap).map;
  checkServiceAreaMap(areaServiceAreas, mergerGuide, reporting, mapFile);
  return {
    reporting,
    texts: loadBotTexts(configDir),
    mergerGuide,
    mergerTexts: loadMergerTexts(configDir),
    municipalities: buildMunicipalityIndex(kommuner),
    areaServiceAreas,
  };
}
