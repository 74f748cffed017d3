// The audience rules and report thresholds are settings: validated, each problem named.
import { describe, expect, it } from 'vitest';
import { policyFor } from '../../lib/disclosure/index.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../lib/settings/index.ts';

describe('audience settings', () => {
  it('defaults: department hides nothing, organisation hides patient counts, public hides every kind', () => {
    expect(policyFor(DEFAULT_SETTINGS, 'department')).toMatchObject({ hides: [], complementary: false, maxSmallCount: 10 });
    expect(policyFor(DEFAULT_SETTINGS, 'organisation')).toMatchObject({ hides: ['patients'], complementary: true });
    expect(policyFor(DEFAULT_SETTINGS, 'public').hides).toEqual(['patients', 'messages', 'clinicians', 'threads', 'rows']);
    expect(DEFAULT_SETTINGS.reports).toMatchObject({ few_messages: 20, peers_min_answered: 20 });
  });

  it('a site can change one audience and keep the others', () => {
    const s = resolveSettings({ disclosure: { audiences: { department: { hide: ['patients'], complementary: true } } } });
    expect(policyFor(s, 'department')).toMatchObject({ hides: ['patients'], complementary: true });
    expect(policyFor(s, 'organisation').hides).toEqual(['patients']);
  });

  it('refuses an unknown kind, an unknown audience, a bad flag and bad thresholds, naming each', () => {
    expect(() => resolveSettings({ disclosure: { audiences: { public: { hide: ['people'], complementary: true } } } })).toThrow(
      /disclosure\.audiences\.public\.hide: must list kinds of count among patients, messages/,
    );
    expect(() => resolveSettings({ disclosure: { audiences: { press: { hide: [], complementary: true } } } })).toThrow(
      /disclosure\.audiences\.press: unknown setting/,
    );
    expect(() => resolveSettings({ disclosure: { audiences: { department: { hide: [], complementary: 'yes' } } } })).toThrow(
      /disclosure\.audiences\.department\.complementary: must be true or false/,
    );
    expect(() => resolveSettings({ reports: { few_messages: 0, peers_min_answered: 2.5 } })).toThrow(
      /reports\.few_messages: must be a positive whole number[\s\S]*reports\.peers_min_answered/,
    );
  });
});
