// The "how to read this" notes at the foot of a page: disclosure legend and the settings used.
import { html, type Html } from '../html.ts';

export function notesList(notes: string[]): Html {
  if (notes.length === 0) return html``;
  const list = html`<ul class="note">${notes.map((n) => html`<li>${n}</li>`)}</ul>`;
  return html`<section aria-labelledby="h-notes"><h2 id="h-notes">How to read these figures</h2>${list}</section>`;
}
