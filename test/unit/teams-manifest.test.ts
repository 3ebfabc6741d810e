/**
 * Offline validation of the Teams app package in manifest/teams: JSON schema (the schemas bundled in
 * @microsoft/app-manifest, never fetched), localization file, commands and icons.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { describe, expect, it } from 'vitest';

type Json = Record<string, unknown>;
type Schema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEAMS_DIR = join(ROOT, 'manifest', 'teams');
const MANIFEST_PATH = join(TEAMS_DIR, 'manifest.json');
const PACKAGE_DIR = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

/** Loads the schema named by `$schema` from the copy bundled in @microsoft/app-manifest (no network). */
function bundledSchema(schemaUrl: unknown): Schema {
  const match = /^https:\/\/developer\.microsoft\.com\/json-schemas\/(teams\/v[\d.]+\/[\w.]+\.json)$/.exec(String(schemaUrl));
  if (!match?.[1]) throw new Error(`unexpected $schema ${String(schemaUrl)}`);
  const file = join(PACKAGE_DIR, 'build', 'json-schemas', match[1]);
  if (!existsSync(file)) throw new Error(`schema not bundled in @microsoft/app-manifest: ${file}`);
  // The localization schemas contain patterns like `...\b]\.description$`: a lone `]` is a literal in
  // legacy regexes but a syntax error in the unicode mode ajv uses. Escaping it keeps the meaning.
  const text = readFileSync(file, 'utf8').replaceAll('\\\\b]', '\\\\b\\\\]');
  return JSON.parse(text) as Schema;
}

async function validate(document: Json): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(document as unknown as AppManifest, bundledSchema(document.$schema));
}

interface Png {
  width: number;
  height: number;
  colorType: number;
  bitDepth: number;
  /** RGBA pixels, only filled for 8-bit RGBA images. */
  pixels?: Uint8Array;
}

/** Reads IHDR and, for 8-bit non-interlaced RGBA, decodes the pixels (all five PNG filter types). */
function readPng(path: string): Png {
  const buf = readFileSync(path);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const bitDepth = buf[24]!;
  const colorType = buf[25]!;
  const interlace = buf[28]!;
  if (bitDepth !== 8 || colorType !== 6 || interlace !== 0) return { width, height, colorType, bitDepth };

  const idat: Buffer[] = [];
  for (let off = 8; off < buf.length; ) {
    const len = buf.readUInt32BE(off);
    if (buf.toString('ascii', off + 4, off + 8) === 'IDAT') idat.push(buf.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const cur = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = (cur + predictor) & 0xff;
    }
  }
  return { width, height, colorType, bitDepth, pixels };
}

describe('Teams app manifest', () => {
  const manifest = readJson(MANIFEST_PATH);

  it('is valid against the bundled Teams schema', async () => {
    expect(await validate(manifest)).toEqual([]);
    // The package's typed reader accepts it as well.
    await expect(AppManifestUtils.readTeamsManifest(MANIFEST_PATH)).resolves.toMatchObject({ id: manifest.id });
  });

  it('reports a broken manifest as invalid', async () => {
    const noBotId = structuredClone(manifest) as { bots: Json[] };
    delete noBotId.bots[0]!.botId;
    const errors = await validate(noBotId as unknown as Json);
    expect(errors.join('\n')).toMatch(/botId/);

    const badId = { ...structuredClone(manifest), id: 'not-a-guid' };
    expect((await validate(badId)).join('\n')).toMatch(/\/id /);

    const badScope = structuredClone(manifest) as { bots: Array<{ scopes: string[] }> };
    badScope.bots[0]!.scopes = ['personal', 'channel'];
    expect(await validate(badScope as unknown as Json)).not.toEqual([]);
  });

  it('declares the bot in personal, team and group chat with the nb commands', () => {
    const bots = manifest.bots as Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }>;
    expect(bots).toHaveLength(1);
    expect([...bots[0]!.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    const list = bots[0]!.commandLists[0]!;
    expect([...list.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(list.commands.map((c) => c.title)).toEqual(['ny rapport', 'mine rapporter', 'fortsett', 'hjelp']);
    expect(manifest.validDomains).toEqual(expect.arrayContaining([expect.any(String)]));
  });

  it('has Norwegian as default language and a valid, complete English localization', async () => {
    const info = manifest.localizationInfo as { defaultLanguageTag: string; additionalLanguages: Array<{ languageTag: string; file: string }> };
    expect(info.defaultLanguageTag).toBe('nb-no');
    expect(info.additionalLanguages).toEqual([{ languageTag: 'en-us', file: 'en-us.json' }]);

    for (const { file } of info.additionalLanguages) {
      const localization = readJson(join(TEAMS_DIR, file));
      expect(await validate(localization)).toEqual([]);
      // Same manifest schema version for both files.
      expect(String(localization.$schema).replace('MicrosoftTeams.Localization.schema.json', '')).toBe(
        String(manifest.$schema).replace('MicrosoftTeams.schema.json', ''),
      );

      const commands = (manifest.bots as Array<{ commandLists: Array<{ commands: unknown[] }> }>)[0]!.commandLists;
      const expectedKeys = commands.flatMap((list, i) =>
        list.commands.flatMap((_, j) => [
          `bots[0].commandLists[${i}].commands[${j}].title`,
          `bots[0].commandLists[${i}].commands[${j}].description`,
        ]),
      );
      const commandKeys = Object.keys(localization).filter((k) => k.startsWith('bots['));
      expect(commandKeys.sort()).toEqual(expectedKeys.sort());
      expect(expectedKeys.filter((k) => k.endsWith('.title')).map((k) => localization[k])).toEqual([
        'new report',
        'my reports',
        'continue',
        'help',
      ]);
    }

    const broken = { ...readJson(join(TEAMS_DIR, 'en-us.json')), 'name.short': 'x'.repeat(31) };
    expect(await validate(broken)).not.toEqual([]);
  });

  it('ships icons with the sizes and colours Teams requires', () => {
    const icons = manifest.icons as { color: string; outline: string };
    const color = readPng(join(TEAMS_DIR, icons.color));
    expect(color).toMatchObject({ width: 192, height: 192, colorType: 6, bitDepth: 8 });

    const outline = readPng(join(TEAMS_DIR, icons.outline));
    expect(outline).toMatchObject({ width: 32, height: 32, colorType: 6, bitDepth: 8 });
    // Outline: white on transparent only.
    const px = outline.pixels!;
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] === 0) transparent++;
      else {
        opaque++;
        expect([px[i], px[i + 1], px[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    expect(transparent).toBeGreaterThan(0);
    expect(opaque).toBeGreaterThan(0);
  });
});
