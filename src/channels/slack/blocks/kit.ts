/**
 * Block Kit primitives with Slack's limits built in. Every text a user may have typed goes through
 * `esc` and is placed in `mrkdwn` objects with `verbatim: true`, so it can neither mention
 * (`<!channel>`, `<@U…>`), link (`<https://…|…>`, bare URLs) nor be linkified by Slack.
 */
export type Block = { type: string; block_id?: string; [key: string]: unknown };
export type TextObject = { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean; verbatim?: boolean };

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  options: 100,
  contextElements: 10,
  inputLabel: 2000,
  inputHint: 2000,
  inputValue: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  actionElements: 25,
} as const;

/** mrkdwn escaping as Slack documents it: only these three characters are control characters. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to at most `max` UTF-16 units (Slack counts those) without splitting a pair or an escape. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return `${cut}…`;
}

export const plain = (text: string, max: number = LIMITS.sectionText): TextObject => ({ type: 'plain_text', text: clip(text.trim() === '' ? ' ' : text, max), emoji: true });

/** Our own mrkdwn (already escaped where it holds user text). */
export const mrkdwn = (text: string): TextObject => ({ type: 'mrkdwn', text: clip(text, LIMITS.sectionText), verbatim: true });

/** Splits long text at line ends (or hard, for a single long line) into pieces Slack accepts. */
export function chunks(text: string, max: number = LIMITS.sectionText): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      if (current) out.push(current), (current = '');
      const piece = clip(rest, max + 1).slice(0, -1);
      out.push(piece);
      rest = rest.slice(piece.length);
    }
    const joined = current ? `${current}\n${rest}` : rest;
    if (joined.length > max) {
      out.push(current);
      current = rest;
    } else current = joined;
  }
  if (current.trim() !== '') out.push(current);
  return out;
}

/** One or more section blocks for a (possibly long) mrkdwn text. */
export function sections(text: string): Block[] {
  return chunks(text).map((t) => ({ type: 'section', text: mrkdwn(t) }));
}

export function header(text: string): Block {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function context(lines: string[]): Block[] {
  const items = lines.filter((l) => l.trim() !== '');
  const out: Block[] = [];
  for (let i = 0; i < items.length; i += LIMITS.contextElements) {
    out.push({ type: 'context', elements: items.slice(i, i + LIMITS.contextElements).map((l) => mrkdwn(l)) });
  }
  return out;
}

export const divider = (): Block => ({ type: 'divider' });

export interface ButtonSpec {
  text: string;
  verb: string;
  data?: Record<string, unknown>;
  style?: 'primary' | 'danger';
  url?: string;
}

/** A button whose action id is the core verb (plus `~n` to keep ids unique in a block) and whose value is the card data. */
export function button(spec: ButtonSpec, index = 0): Record<string, unknown> {
  const value = JSON.stringify(spec.data ?? {});
  if (value.length > LIMITS.buttonValue) throw new Error(`button data for ${spec.verb} exceeds ${LIMITS.buttonValue} characters`);
  return {
    type: 'button',
    text: plain(spec.text, LIMITS.buttonText),
    action_id: index === 0 ? spec.verb : `${spec.verb}~${index}`,
    value,
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.url ? { url: spec.url } : {}),
  };
}

export function actions(specs: ButtonSpec[], blockId?: string): Block[] {
  const shown = specs.filter((s) => s.text.trim() !== '').slice(0, LIMITS.actionElements);
  if (shown.length === 0) return [];
  return [{ type: 'actions', ...(blockId ? { block_id: blockId.slice(0, 255) } : {}), elements: shown.map((s, i) => button(s, i)) }];
}

/** The verb of an action id made by `button`. */
export function verbOfActionId(actionId: string): string {
  return actionId.split('~')[0] ?? '';
}

/** A bulleted list of escaped user or content text. */
export function bullets(lines: string[]): string {
  return lines.filter((l) => l.trim() !== '').map((l) => `• ${esc(l)}`).join('\n');
}

export const bold = (text: string): string => (text.trim() === '' ? '' : `*${esc(text)}*`);

/** Section for a titled list ("*Title*\n• a\n• b"), split when long; nothing for an empty list. */
export function titledList(title: string, lines: string[]): Block[] {
  if (lines.filter((l) => l.trim() !== '').length === 0) return [];
  return sections([bold(title), bullets(lines)].filter(Boolean).join('\n'));
}

export function textLines(lines: string[]): Block[] {
  const text = lines.filter((l) => l.trim() !== '').map(esc).join('\n');
  return text ? sections(text) : [];
}
