// The words a reader is given about a rule come from the rule: hand-written expectations for the three default
// audiences and a custom one.
import { describe, expect, it } from 'vitest';
import { disclosureNotes, policyFor, ruleText } from '../../lib/disclosure/index.ts';
import { resolveSettings } from '../../lib/settings/index.ts';

const defaults = resolveSettings({});

describe('ruleText', () => {
  it('says a rule that hides nothing hides nothing (a department by default)', () => {
    expect(ruleText(policyFor(defaults, 'department'))).toBe('every count is shown exactly (no count is hidden for this audience).');
  });

  it('names the hidden kinds and the exact ones (the organisation by default)', () => {
    expect(ruleText(policyFor(defaults, 'organisation'))).toBe(
      'counts of distinct patients from 1 to 10 are shown as <11, and other cells are hidden (—) where a hidden one could be worked ' +
        'out from the cells beside it and their totals; counts of messages, clinicians, threads and rows loaded are exact.',
    );
  });

  it('follows max_small_count and a rule without complementary suppression', () => {
    const s = resolveSettings({
      disclosure: { max_small_count: 5, audiences: { department: { hide: ['messages', 'threads'], complementary: false } } },
    });
    expect(ruleText(policyFor(s, 'department'))).toBe(
      'counts of messages and threads from 1 to 5 are shown as <6; counts of distinct patients, clinicians and rows loaded are exact.',
    );
  });
});

describe('disclosureNotes', () => {
  it('a rule hiding every kind explains <11, — and n/a for any count (public)', () => {
    expect(disclosureNotes(policyFor(defaults, 'public'))).toEqual([
      '<11: a count from 1 to 10, not shown to protect privacy.',
      '—: not shown, so that a count from 1 to 10 cannot be worked out from the figures beside it.',
      'n/a: no data for this period.',
    ]);
  });

  it('a rule hiding some kinds names them (organisation), and leaves out — without complementary suppression', () => {
    expect(disclosureNotes(policyFor(defaults, 'organisation'))[0]).toBe(
      '<11: a count of distinct patients from 1 to 10, not shown to protect privacy.',
    );
    const s = resolveSettings({ disclosure: { audiences: { department: { hide: ['messages'], complementary: false } } } });
    expect(disclosureNotes(policyFor(s, 'department'))).toEqual([
      '<11: a count of messages from 1 to 10, not shown to protect privacy.',
      'n/a: no data for this figure.',
    ]);
  });
});
