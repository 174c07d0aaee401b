import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per outbox row (derived from its idempotency key), so a resend after a crash is recognisable. */
  messageId: string;
  headers?: Record<string, string>;
  /** Customer mail gets MAIL_REPLY_TO as Reply-To. */
  customer?: boolean;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Why a send failed, and whether trying again can help. */
export interface SendFailure {
  /** The recipient was refused for good (SMTP 5xx for RCPT TO or the message): suppress the address. */
  permanent: boolean;
  message: string;
}

/**
 * Nodemailer over SMTP_URL with one pooled connection, reused for up to 100 messages (the sender sends one
 * at a time, at a configured rate). bench:engage measured a new connection per message at ~120 ms each on a
 * busy 2-core machine, which capped delivery near 500 mails a minute whatever MAIL_RATE_PER_MINUTE said;
 * reused, ~15 ms. A relay that drops the idle socket costs one reconnect on the next message. Timeouts are
 * short so a hanging relay holds the sender's lease for seconds, not minutes.
 */
export function createSmtpTransport(url: string, from: string, replyTo?: string): MailTransport {
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: 1, maxMessages: 100 } as Parameters<typeof nodemailer.createTransport>[0], { from });
  Object.assign(transport.options, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, headers: mail.headers, ...(mail.customer && replyTo ? { replyTo } : {}) });
    },
    close: () => transport.close(),
  };
}

/**
 * Permanent = the server answered 5xx about this recipient or this message (RCPT TO, DATA). A 5xx to
 * AUTH or MAIL FROM is our configuration (wrong password, sender not allowed), not the person's address:
 * it is retried like a network error, and /healthz shows it, rather than suppressing everyone.
 */
export function classifySmtpError(error: unknown): SendFailure {
  const e = error as { responseCode?: number; command?: string; code?: string; message?: string; response?: string };
  const message = String(e.response ?? e.message ?? error).slice(0, 500);
  const aboutRecipient = e.code === 'EENVELOPE' || e.command === 'RCPT TO' || e.command === 'DATA' || e.code === 'EMESSAGE';
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && aboutRecipient;
  return { permanent, message };
}

/** Without SMTP_URL: the mail goes to the server log, for an admin to pass the link on by hand. */
export function logMail(mail: Omit<OutgoingMail, 'html'>): void {
  console.log(`[mail] SMTP_URL is not set; message for ${mail.to} (pass it on by hand):\n  Subject: ${mail.subject}\n  ${mail.text.replace(/\n/g, '\n  ')}`);
}
