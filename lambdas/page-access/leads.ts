// Who may sign in: the lead addresses of the latest monthly run (access/leads.json, written by compute).
// Read on every check, so a lead removed from the department file loses sign-in with the next run.
import type { Storage } from '../../lib/storage/storage.ts';
import { LEADS_KEY } from '../../lib/handler-contract/index.ts';

export async function isLead(results: Storage, email: string): Promise<boolean> {
  const buf = await results.get(LEADS_KEY);
  if (!buf) return false;
  const { leads } = JSON.parse(buf.toString('utf8')) as { leads: string[] };
  return leads.includes(email.trim().toLowerCase());
}

/** A sign-in request, queued by page-access and sent (or dropped) by sign-in-sender. */
export interface SignInRequest {
  email: string;
  next: string;
  /** Epoch seconds. */
  requested_at: number;
}

export interface SignInQueue {
  enqueue(request: SignInRequest): Promise<void>;
}
