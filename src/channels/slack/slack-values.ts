import type { Locale } from '../../core/i18n.js';
import { EMPTY_OPTION, INPUT_ACTION_ID } from './blocks/forms.js';
import { LIMITS } from './blocks/kit.js';
import { obj, str } from './slack-inbound.js';
import type { SlackTexts } from './slack-settings.js';
import { LONE_SURROGATE_RE } from '../../core/text/sanitize.js';

export type ReadValues = { ok: true; values: Record<string, string> } | { ok: false; blockId?: string; message: string };

function elementValue(element: Record<string, unknown>): string | undefined {
  switch (element['type']) {
    case 'plain_text_input':
      return str(element['value']) ?? '';
    case 'static_select':
      return str(obj(element['selected_option'])['value']) ?? '';
    case 'multi_static_select': {
      const options = Array.isArray(element['selected_options']) ? element['selected_options'] : [];
      return options.map((o) => str(obj(o)['value']) ?? '').filter(Boolean).join(',');
    }
    default:
      return undefined;
  }
}

const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (w, k: string) => (k in params ? String(params[k]) : w));

/**
 * Slack sends valid UTF-8 only; a lone surrogate comes from a forged or broken payload. It is
 * dropped here, as the core drops it from stored text, so that nothing built from the value (the
 * acknowledgement kept for Slack's retries quotes it, e.g. "«…» er ikke en dato") reaches MongoDB
 * with text BSON cannot encode.
 */

/**
 * The values of a modal (`view.state.values`) checked against the input block ids the bot rendered:
 * an unknown block or action id, an unknown element type or a value longer than Slack's own input
 * limit refuses the whole submission, before anything reaches the core.
 */
export function readValues(state: unknown, allowed: readonly string[], texts: SlackTexts, locale: Locale): ReadValues {
  const m = texts.messages;
  const values: Record<string, string> = {};
  for (const [blockId, byAction] of Object.entries(obj(obj(state)['values']))) {
    const entries = Object.entries(obj(byAction));
    const [only] = entries;
    if (!allowed.includes(blockId) || entries.length !== 1 || !only || only[0] !== INPUT_ACTION_ID) {
      return { ok: false, message: fill(m.unknownInput[locale], { id: blockId.slice(0, 40) }) };
    }
    const value = elementValue(obj(only[1]));
    if (value === undefined) return { ok: false, message: fill(m.unknownInput[locale], { id: blockId.slice(0, 40) }) };
    if (value.length > LIMITS.inputValue) {
      return { ok: false, blockId, message: fill(m.valueTooLong[locale], { max: LIMITS.inputValue, count: [...value].length }) };
    }
    values[blockId] = value === EMPTY_OPTION ? '' : value.replace(LONE_SURROGATE_RE, '');
  }
  return { ok: true, values };
}
