// Small hand-built exports shared by several test files.
import type { TestExport, TestMessage } from './lake.ts';

/** A message row with the defaults most tests share (department D1, patient P1). */
export function msg(
  id: string,
  thread: string,
  sentAt: string,
  type: TestMessage['sender_type'],
  sender?: string,
  extra: Partial<TestMessage> = {},
): TestMessage {
  return {
    message_id: id,
    thread_id: thread,
    sent_at: sentAt,
    sender_type: type,
    ...(type === 'system' ? {} : { sender_id: sender ?? (type === 'clinician' ? 'C1' : 'P1') }),
    patient_id: 'P1',
    department_id: 'D1',
    ...extra,
  };
}

/** One department (D1, primary care), one physician (C1), one thread P → C → P in June 2017. */
export function tinyExport(): TestExport {
  return {
    departments: [{ department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care', lead_emails: 'lead@example.org' }],
    clinicians: [{ clinician_id: 'C1', role: 'physician', department_id: 'D1' }],
    messages: [
      msg('m1', 't1', '2017-06-05T09:00:00-05:00', 'patient'),
      msg('m2', 't1', '2017-06-05T13:00:00-05:00', 'clinician'),
      msg('m3', 't1', '2017-06-06T09:00:00-05:00', 'patient'),
    ],
  };
}
