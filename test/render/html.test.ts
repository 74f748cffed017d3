import { describe, expect, it } from 'vitest';
import { escapeHtml, fillSlots, html, join, trusted } from '../../lib/render/html.ts';

const NASTY = `Dermatology <Main> & "Skin" O'Neil`;

describe('html escaping', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const out = html`<td title="${NASTY}">${NASTY}</td>`.value;
    expect(out).toBe(
      '<td title="Dermatology &lt;Main&gt; &amp; &quot;Skin&quot; O&#39;Neil">Dermatology &lt;Main&gt; &amp; &quot;Skin&quot; ' +
        'O&#39;Neil</td>',
    );
    expect(out).not.toContain('<Main>');
  });

  it('does not escape a fragment twice, and escapes arrays item by item', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(html`<p>${inner}${['<', inner]}</p>`.value).toBe('<p><b>a&amp;b</b>&lt;<b>a&amp;b</b></p>');
    expect(join(['x<', trusted('<br>')], ', ').value).toBe('x&lt;, <br>');
  });

  it('prints nothing for null, undefined and false, and numbers as text', () => {
    expect(html`${null}${undefined}${false}${0}${12.5}`.value).toBe('012.5');
  });

  it('escapeHtml leaves plain text alone', () => {
    expect(escapeHtml('Family Medicine 72.2% (1,272/1,761)')).toBe('Family Medicine 72.2% (1,272/1,761)');
  });
});

describe('fillSlots', () => {
  it('fills each slot once, escaping text and keeping fragments, without re-reading filled values', () => {
    const out = fillSlots('<h1>{{A}}</h1><p>{{B}}</p>', { A: '{{B}} <x>', B: html`<i>ok</i>` }, 't');
    expect(out).toBe('<h1>{{B}} &lt;x&gt;</h1><p><i>ok</i></p>');
  });

  it('fails loudly on a missing or an unknown slot', () => {
    expect(() => fillSlots('{{A}}{{B}}', { A: 'x' }, 'demo.mjml')).toThrow(/demo\.mjml: no value for slot \{\{B\}\}/);
    expect(() => fillSlots('{{A}}', { A: 'x', C: 'y' }, 'demo.mjml')).toThrow(/slot \{\{C\}\} is not in the template/);
  });
});
