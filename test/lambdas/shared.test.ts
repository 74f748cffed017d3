import { describe, expect, it } from 'vitest';
import { requireEnv, settingsFromEnv } from '../../lambdas/shared/env.ts';
import { createLogger } from '../../lambdas/shared/log.ts';
import { monthOfEvent } from '../../lambdas/shared/month.ts';
import { previousMonth } from '../../lib/period/index.ts';
import { classify, isTransient, TransientError } from '../../lambdas/shared/transient.ts';

describe('which month a run reports', () => {
  it('is the month before the scheduled time in the site time zone', () => {
    expect(previousMonth(new Date('2024-06-04T11:00:00Z'), 'America/Chicago')).toBe('2024-05');
    expect(previousMonth(new Date('2024-01-04T12:00:00Z'), 'America/Chicago')).toBe('2023-12');
    // 1 July 03:00 UTC is still 30 June in Chicago: the month before is May.
    expect(previousMonth(new Date('2024-07-01T03:00:00Z'), 'America/Chicago')).toBe('2024-05');
    expect(previousMonth(new Date('2024-07-01T03:00:00Z'), 'Europe/Berlin')).toBe('2024-06');
  });

  it('takes an explicit month (backfill) over the scheduled time, and refuses a malformed one', () => {
    expect(monthOfEvent({ month: '2023-02', scheduled_time: '2024-06-04T11:00:00Z' }, 'UTC')).toBe('2023-02');
    expect(() => monthOfEvent({ month: '2023-13' }, 'UTC')).toThrow(/month must be "YYYY-MM", got "2023-13"/);
    expect(() => monthOfEvent({ scheduled_time: 'soon' }, 'UTC')).toThrow(/scheduled_time is not a time: "soon"/);
  });
});

describe('transient errors', () => {
  it('retries throttling, timeouts and server faults, not rejections', () => {
    expect(isTransient(new Error('ses: TooManyRequestsException: Maximum sending rate exceeded.'))).toBe(true);
    expect(isTransient(Object.assign(new Error('boom'), { $fault: 'server' }))).toBe(true);
    expect(isTransient(new Error('read ECONNRESET'))).toBe(true);
    expect(isTransient(new Error('ses: MessageRejected: Email address is not verified.'))).toBe(false);
    expect(classify(new Error('Rate exceeded'))).toBeInstanceOf(TransientError);
    const plain = new Error('no messages in 2017-08');
    expect(classify(plain)).toBe(plain);
  });

  it('goes by status codes before words: an SMTP 5xx is a refusal, a 4xx and an HTTP 5xx or 429 are not', () => {
    // "550" in the text used to count as a server fault, so a permanent refusal was retried.
    expect(isTransient(new Error('550 5.1.1 <lead@example.org>: Recipient address rejected'))).toBe(false);
    expect(isTransient(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }))).toBe(false);
    expect(isTransient(Object.assign(new Error('Try again later'), { responseCode: 421 }))).toBe(true);
    expect(isTransient(Object.assign(new Error('UnknownError'), { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isTransient(Object.assign(new Error('UnknownError'), { $metadata: { httpStatusCode: 429 } }))).toBe(true);
    expect(isTransient(Object.assign(new Error('AccessDenied: request timed out?'), { $fault: 'client' }))).toBe(false);
  });

  it('asks the causes of a wrapped error', () => {
    const sdk = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $fault: 'client',
      $retryable: { throttling: true },
    });
    expect(isTransient(new Error('send failed for department d1', { cause: sdk }))).toBe(true);
    const refused = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected', $fault: 'client' });
    expect(isTransient(new Error('send failed', { cause: refused }))).toBe(false);
    expect(isTransient(new Error('send failed', { cause: new Error('read ECONNRESET') }))).toBe(true);
  });
});

describe('handler environment and logs', () => {
  it('names a missing variable and validates the settings it carries', () => {
    expect(() => requireEnv('RESULTS_BUCKET', {})).toThrow(/environment variable RESULTS_BUCKET is not set/);
    expect(() => settingsFromEnv({ PORTAL_PULSE_SETTINGS: '{"timezone": "Nowhere/City"}' })).toThrow(
      /timezone: must be an IANA time zone name \(e\.g\. America\/Chicago\), got "Nowhere\/City"/,
    );
    expect(settingsFromEnv({ PORTAL_PULSE_SETTINGS: '{"timezone": "Europe/Berlin"}' }).timezone).toBe('Europe/Berlin');
  });

  it(
    'writes one JSON object per line (Powertools), with month and department as persistent keys, and EMF metrics CloudWatch ' +
      'understands',
    () => {
      const lines: string[] = [];
      const log = createLogger({
        handler: 'department-send',
        environment: 'prod',
        namespace: 'PortalPulse',
        write: (l) => lines.push(l),
      }).with({ month: '2024-05' });
      log.with({ department_id: 'D01' }).info('department send', { status: 'sent' });
      log.metrics({ EmailsSent: 2 }, { department_id: 'D01' });
      const [info, metric] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(info).toMatchObject({
        level: 'INFO',
        message: 'department send',
        service: 'department-send',
        handler: 'department-send',
        environment: 'prod',
        month: '2024-05',
        department_id: 'D01',
        status: 'sent',
      });
      expect(typeof info!.timestamp).toBe('string');
      expect(metric).toMatchObject({
        _aws: {
          CloudWatchMetrics: [
            { Namespace: 'PortalPulse', Dimensions: [['service', 'Environment']], Metrics: [{ Name: 'EmailsSent', Unit: 'Count' }] },
          ],
        },
        service: 'department-send',
        Environment: 'prod',
        EmailsSent: 2,
        month: '2024-05',
        department_id: 'D01',
      });
    },
  );
});
