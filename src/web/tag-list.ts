import { html, type SafeHtml } from './html.js';

/** Short labels (flags, sharing level) as a list of tags. */
export function tagList(labels: string[], className = 'tag'): SafeHtml {
  return html`<ul class="tags">${labels.map((l) => html`<li class="${className}">${l}</li>`)}</ul>`;
}
