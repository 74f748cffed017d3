import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailKeys, keySegment, publishMonthly, publishStudy, readIndexEntries } from '../../lib/publish/index.ts';
import { FsStorage } from '../../lib/storage/index.ts';
import { NASTY_ID, SETTINGS_WITH_LINK, loadMonthly, loadStudy, onlyDepartments } from '../render/fixtures.ts';

let dir: string;
let storage: FsStorage;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pp-publish-'));
  storage = new FsStorage(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('publishMonthly', () => {
  it('writes each department’s .eml and .html, the organisation page and the index', async () => {
    // Two departments (one with leads, one without) keep the test fast; the loop is the same for fifty.
    const monthly = onlyDepartments(loadMonthly(), [NASTY_ID, 'd-sleep']);
    const ids = Object.keys(monthly.departments);
    expect(ids).toHaveLength(2);
    const { keys } = await publishMonthly({
      monthly,
      settings: SETTINGS_WITH_LINK,
      storage,
      departments: [{ department_id: NASTY_ID, lead_emails: ['derm.lead@example.org'] }],
    });
    const expected = [
      ...ids.flatMap((id) => [emailKeys(id, monthly.month).eml, emailKeys(id, monthly.month).html]),
      `pages/organisation-${monthly.month}.html`,
      'index.html',
    ];
    expect(new Set(keys)).toEqual(new Set(expected));
    expect(await storage.list('')).toEqual([...expected].sort());

    // The .eml is a real message addressed to the leads given; the preview HTML shows charts inline.
    const parsed = await simpleParser(await readFile(join(dir, 'emails', monthly.month, `${NASTY_ID}.eml`)), { skipImageLinks: true });
    const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
    expect(to.flatMap((a) => a?.value.map((v) => v.address) ?? [])).toEqual(['derm.lead@example.org']);
    expect(parsed.attachments.filter((a) => a.related).length).toBeGreaterThan(0);
    const preview = await readFile(join(dir, 'emails', monthly.month, `${NASTY_ID}.html`), 'utf8');
    expect(preview).not.toContain('cid:');
    expect(preview).toContain('data:image/png;base64,');

    // A department without leads still gets its files, without a To: header.
    const other = await simpleParser(await readFile(join(dir, 'emails', monthly.month, `${ids.find((i) => i !== NASTY_ID)}.eml`)));
    expect(other.to).toBeUndefined();

    const index = await readFile(join(dir, 'index.html'), 'utf8');
    expect(index).toContain(`href="pages/organisation-${monthly.month}.html"`);
    expect(index).toContain(`href="emails/${monthly.month}/${NASTY_ID}.html"`);
  });

  it('a run for another month keeps this month\u2019s emails, and the index links both months\u2019 emails', async () => {
    const june = onlyDepartments(loadMonthly(), ['d-sleep']);
    const may = { ...june, month: '2017-05' };
    await publishMonthly({ monthly: june, settings: SETTINGS_WITH_LINK, storage });
    const juneEml = await readFile(join(dir, 'emails', '2017-06', 'd-sleep.eml'));
    await publishMonthly({ monthly: may, settings: SETTINGS_WITH_LINK, storage });
    expect(await storage.list('emails/')).toEqual([
      'emails/2017-05/d-sleep.eml',
      'emails/2017-05/d-sleep.html',
      'emails/2017-06/d-sleep.eml',
      'emails/2017-06/d-sleep.html',
    ]);
    // June's files are June's: the May run wrote beside them.
    expect((await readFile(join(dir, 'emails', '2017-06', 'd-sleep.eml'))).equals(juneEml)).toBe(true);
    const index = await readFile(join(dir, 'index.html'), 'utf8');
    expect(index).toContain('href="emails/2017-06/d-sleep.html"');
    expect(index).toContain('href="emails/2017-05/d-sleep.html"');
    expect(index).toMatch(/June 2017: 1 department email/);
    expect(index).toMatch(/May 2017: 1 department email/);
    // Titled by the department's name from the subject.
    expect(index).toContain('<a href="emails/2017-06/d-sleep.html">Sleep Medicine</a>');
    // A preliminary month's email says so in the index too.
    await publishMonthly({ monthly: { ...june, month: '2017-07', preliminary: true }, settings: SETTINGS_WITH_LINK, storage });
    expect(await readFile(join(dir, 'index.html'), 'utf8')).toContain(
      '<a href="emails/2017-07/d-sleep.html">Sleep Medicine (preliminary)</a>',
    );
  });
});

describe('the index', () => {
  it('lists every page the storage holds, newest first, across runs, escaping titles', async () => {
    const monthly = onlyDepartments(loadMonthly(), ['d-sleep']);
    const study = loadStudy();
    const earlier = { ...monthly, month: '2016-11' };
    await publishMonthly({ monthly, settings: SETTINGS_WITH_LINK, storage });
    await publishStudy({ study, settings: SETTINGS_WITH_LINK, storage });
    // An older month published last must not jump to the top.
    await publishMonthly({ monthly: earlier, settings: SETTINGS_WITH_LINK, storage });
    // A page without our meta tags is described from its name; a stray file is ignored.
    await storage.put('pages/organisation-2015-02.html', '<!doctype html><title>old</title>');
    await storage.put('pages/notes.txt', 'not a page');
    await publishStudy({ study, settings: SETTINGS_WITH_LINK, storage });

    const entries = await readIndexEntries(storage);
    expect(entries.map((e) => e.href).sort()).toEqual(
      [
        'pages/organisation-2015-02.html',
        'pages/organisation-2016-11.html',
        `pages/organisation-${monthly.month}.html`,
        `pages/study-${study.from}_${study.to}.html`,
      ].sort(),
    );
    const index = await readFile(join(dir, 'index.html'), 'utf8');
    const order = [...index.matchAll(/<a href="(pages\/[^"]+)"/g)].map((m) => m[1]);
    const periodEnd = (href: string): string => /(\d{4}-\d{2})\.html$/.exec(href)?.[1] ?? '';
    expect(order).toHaveLength(4);
    expect([...order].map((h) => periodEnd(h!))).toEqual(
      [...order]
        .map((h) => periodEnd(h!))
        .sort()
        .reverse(),
    );
    expect(order.at(-1)).toBe('pages/organisation-2015-02.html');
    expect(index).not.toMatch(/<a href="[^"]*notes\.txt/);
  });
});

describe('keys', () => {
  it('keeps plain department ids and encodes any other into one safe segment', () => {
    expect(keySegment('d-fam')).toBe('d-fam');
    expect(keySegment('D.01_x')).toBe('D.01_x');
    expect(keySegment('../etc')).toBe('%2E%2E%2Fetc');
    expect(keySegment('a/b c')).toBe('a%2Fb%20c');
    expect(keySegment('..')).toBe('%2E%2E');
    expect(emailKeys('a/b').eml).toBe('emails/a%2Fb.eml');
    expect(emailKeys('a/b', '2017-06').html).toBe('emails/2017-06/a%2Fb.html');
  });
});
