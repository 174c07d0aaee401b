import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { freePort } from './server.ts';

/** A mail the SMTP server accepted (answered 250 to), parsed. */
export interface CapturedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Raw header lines by lower-case name (List-Unsubscribe, Reply-To…). */
  headers: Record<string, string>;
  /** When the server answered 250 (ms). */
  acceptedAt: number;
  /** When the client connected for this message (ms); a pooled connection carries several messages. */
  connectedAt: number;
  /** When the client began this message (MAIL FROM, ms): the sender's pacing shows here, before parsing jitter. */
  startedAt: number;
}

export interface SmtpBehaviour {
  /** Wait this long before answering the message (a slow relay). */
  delayMs: number;
  /** Recipients refused with 550 at RCPT TO (a mailbox that does not exist). */
  reject: Set<string>;
  /** Never answer the message whose 1-based arrival number this is (to kill the sender mid-send). */
  hangOn: number | null;
}

/**
 * A real SMTP server in the test process (the `smtp-server` package, the counterpart of nodemailer),
 * on a fixed port so it can be stopped ("relay down") and started again on the same address.
 */
export async function startSmtpServer(port?: number) {
  const behaviour: SmtpBehaviour = { delayMs: 0, reject: new Set(), hangOn: null };
  const mails: CapturedMail[] = [];
  let arrivals = 0;
  const connectedAt = new Map<string, number>();
  const startedAt = new Map<string, number>();
  let hung: (() => void) | null = null;
  const listenPort = port ?? (await freePort());
  let server: SMTPServer | null = null;

  function create(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // A relay going down drops its connections: the sender's pooled idle one too, at once, instead of
      // smtp-server's 30 s of grace for sessions in progress (which made every "relay down" test wait 30 s).
      closeTimeout: 100,
      onConnect(session, callback) {
        connectedAt.set(session.id, Date.now());
        callback();
      },
      onMailFrom(_address, session, callback) {
        startedAt.set(session.id, Date.now());
        callback();
      },
      onRcptTo(address, _session, callback) {
        if (behaviour.reject.has(address.address.toLowerCase())) {
          return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
        }
        callback();
      },
      onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const n = ++arrivals;
          if (behaviour.hangOn === n) {
            hung?.();
            return; // never answered: the client waits until its process dies
          }
          const parsed = await simpleParser(Buffer.concat(chunks));
          setTimeout(() => {
            mails.push({
              to: (Array.isArray(parsed.to) ? parsed.to[0] : parsed.to)?.value[0]?.address?.toLowerCase() ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              headers: Object.fromEntries(parsed.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).trim()])),
              acceptedAt: Date.now(),
              connectedAt: connectedAt.get(session.id) ?? Date.now(),
              startedAt: startedAt.get(session.id) ?? Date.now(),
            });
            callback();
          }, behaviour.delayMs);
        });
      },
    });
  }

  async function listen(): Promise<void> {
    server = create();
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(listenPort, '127.0.0.1', () => resolve());
    });
  }

  await listen();
  return {
    url: `smtp://127.0.0.1:${listenPort}`,
    port: listenPort,
    mails,
    behaviour,
    /** Messages that reached DATA so far (accepted, delayed or held). */
    arrivals: () => arrivals,
    /** Resolves when the message set up by `behaviour.hangOn` has arrived and is being held. */
    whenHung: () => new Promise<void>((resolve) => (hung = resolve)),
    /** Wait until at least `n` mails were accepted (or fail after `ms`). */
    async waitForMails(n: number, ms = 15_000): Promise<CapturedMail[]> {
      const deadline = Date.now() + ms;
      while (mails.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} mail(s) within ${ms} ms, got ${mails.length}: ${mails.map((m) => m.to).join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return mails;
    },
    /** The relay goes down: the port refuses connections until `start()`. */
    async stop(): Promise<void> {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start: listen,
    async close(): Promise<void> {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

export type TestSmtp = Awaited<ReturnType<typeof startSmtpServer>>;

/** The first link to this path prefix in a mail's text, as a URL. */
export function linkIn(mail: CapturedMail, prefix: string): URL {
  const m = new RegExp(`https?://[^\\s]+${prefix}[^\\s]*`).exec(mail.text);
  if (!m) throw new Error(`no ${prefix} link in mail to ${mail.to}:\n${mail.text}`);
  return new URL(m[0]);
}
