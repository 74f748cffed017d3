// A real SMTP server (smtp-server) on a random loopback port for tests: records every message it
// accepts (envelope + raw MIME), can refuse chosen recipients with 550, and can require a login.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  user?: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Recipients (lower case) answered with "550 mailbox unavailable". */
  reject: Set<string>;
  parse(i: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSmtpServer(opts: { auth?: { user: string; pass: string } } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const reject = new Set<string>();
  const server = new SMTPServer({
    secure: false,
    // No STARTTLS: the test server has no certificate a client would trust.
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !opts.auth,
    logger: false,
    disableReverseLookup: true,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (reject.has(address.address.toLowerCase())) {
        const err = new Error(`mailbox unavailable: ${address.address}`) as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
      } else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    reject,
    // skipImageLinks: keep cid: references in the HTML as sent (mailparser would inline them as data:).
    parse: (i) => simpleParser(received[i]!.raw, { skipImageLinks: true }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
