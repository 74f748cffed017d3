// A Mailer that writes each message as an .eml file into a folder instead of sending it: for local
// runs without SMTP, for inspecting exactly what would be sent, and as a capturing mailer in tests.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { composeMessage } from './compose.ts';
import type { EmailMessage, Mailer } from './mailer.ts';

export class FilesMailer implements Mailer {
  readonly name = 'files';
  readonly dir: string;
  /** Paths written so far, in order. */
  readonly written: string[] = [];

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const { raw, messageId } = await composeMessage(message);
    await mkdir(this.dir, { recursive: true });
    // <UTC time>-<first recipient>-<random>.eml: sorts by time, says who it was for, never collides.
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const who = (message.to[0] ?? 'nobody').replace(/[^A-Za-z0-9._@+-]/g, '_').slice(0, 80);
    const path = join(this.dir, `${stamp}-${who}-${randomBytes(3).toString('hex')}.eml`);
    await writeFile(path, raw, { flag: 'wx' });
    this.written.push(path);
    return { messageId };
  }
}
