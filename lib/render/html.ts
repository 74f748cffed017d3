// Escaping by construction: every string that reaches an email or a page passes through the `html`
// tagged template, which escapes each interpolated value unless it is already an `Html` fragment built
// the same way. Templates therefore cannot forget to escape a department name such as `A&E <"Kids">`.

/** A fragment of markup that is known to be safe (built by `html`, or trusted template text). */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), numbers, safe fragments, lists of those, or nothing. */
export type HtmlValue = string | number | Html | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in element content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** html`<td>${name}</td>`: the literal parts are trusted, every interpolation is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Joins fragments (or escaped text) into one fragment. */
export function join(parts: readonly HtmlValue[], separator: Html | string = ''): Html {
  const sep = render(separator);
  return new Html(parts.map(render).join(sep));
}

/** Marks trusted markup from our own templates or renderers (never data) as safe. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/**
 * Fills `{{SLOT}}` markers in a trusted template. Each slot must be provided and every provided slot
 * must exist, so a renamed marker fails loudly instead of printing "{{SLOT}}" to a department lead.
 */
export function fillSlots(template: string, slots: Record<string, HtmlValue>, templateName: string): string {
  const used = new Set<string>();
  const out = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_m, name: string) => {
    if (!(name in slots)) throw new Error(`template ${templateName}: no value for slot {{${name}}}`);
    used.add(name);
    return render(slots[name] as HtmlValue);
  });
  for (const name of Object.keys(slots)) {
    if (!used.has(name)) throw new Error(`template ${templateName}: slot {{${name}}} is not in the template`);
  }
  return out;
}
