// The test's own SVG reader (svg.ts) finds what leaves a viewBox (so the builders' "nothing outside" checks
// can fail), and the writer escapes text for XML.
import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../lib/charts/svg-writer.ts';
import { outside, parseSvg } from './svg.ts';

describe('svg reader (test helper)', () => {
  it('finds an element outside the viewBox, and none in a chart that fits', () => {
    const box = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">';
    expect(outside(`${box}<rect x="90" y="10" width="20" height="5"/></svg>`)).toHaveLength(1);
    expect(outside(`${box}<text x="95" y="20" font-size="11">Cardiology</text></svg>`)).toHaveLength(1);
    expect(outside(`${box}<text transform="translate(50,45) rotate(-90)" font-size="11">Long label</text></svg>`)).toHaveLength(1);
    expect(outside(`${box}<path d="M10,10h20v60"/></svg>`)).toHaveLength(1);
    expect(outside(`${box}<rect x="10" y="10" width="20" height="5"/><text x="5" y="20" font-size="11">Hi</text></svg>`)).toEqual([]);
  });

  it('reads text unescaped', () => {
    expect(parseSvg(`<svg><text x="1" y="2">${escapeXml('A <b> & "q"')}</text></svg>`)[1]!.text).toBe('A <b> & "q"');
  });
});

describe('escapeXml', () => {
  it('escapes markup characters and drops what XML 1.0 does not allow', () => {
    expect(escapeXml('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
    expect(escapeXml('bell\u0007 tab\there \ud800lone')).toBe('bell tab here lone');
    expect(escapeXml('emoji 😀 ok')).toBe('emoji 😀 ok');
  });
});
