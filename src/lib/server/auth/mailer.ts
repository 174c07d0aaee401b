import nodemailer, { type Transporter } from 'nodemailer';
import { getConfig } from '../config.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transport: Transporter | undefined;

/**
 * Send through SMTP when `SMTP_URL` is set; otherwise print the message to the server log so an admin
 * can pass the link on (small installations often have no mail relay).
 */
export async function sendMail(mail: Mail): Promise<'sent' | 'logged'> {
  const config = getConfig();
  if (!config.SMTP_URL) {
    console.log(`[mail] SMTP_URL is not set; message for ${mail.to} (pass it on by hand):\n  Subject: ${mail.subject}\n  ${mail.text.replace(/\n/g, '\n  ')}`);
    return 'logged';
  }
  transport ??= nodemailer.createTransport(config.SMTP_URL);
  try {
    await transport.sendMail({ from: config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return 'sent';
  } catch (error) {
    // The person still sees the neutral confirmation; the admin sees why the mail did not go out.
    console.error(`[mail] sending to ${mail.to} failed:`, (error as Error).message);
    console.log(`[mail] undelivered message for ${mail.to}:\n  ${mail.text.replace(/\n/g, '\n  ')}`);
    return 'logged';
  }
}

/** Absolute link for mails: PUBLIC_ORIGIN when configured, else the origin the request came in on. */
export function absoluteUrl(path: string, requestOrigin: string): string {
  return new URL(path, getConfig().PUBLIC_ORIGIN ?? requestOrigin).toString();
}
