import { createTransport } from 'nodemailer';

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465). With false, STARTTLS is used when the server offers it. */
  readonly secure?: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Sender, e.g. `"执法监督平台" <noreply@sfj.example.gov.cn>`. */
  readonly from: string;
  /** Refuse to send without STARTTLS on a non-secure port. Default false (intranet relays often lack TLS). */
  readonly requireTls?: boolean;
  /** Milliseconds to wait for the connection and for each SMTP reply. Default 10 s. */
  readonly timeoutMs?: number;
}

/** A mail whose subject and body the caller wrote (zh-CN); the mailer only delivers it. */
export interface MailMessage {
  readonly to: string | readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /**
   * Stable `Message-ID` (e.g. `<notification-id@zhifa>`) so a receiving system can spot the same notice
   * delivered twice after a crash between sending and recording.
   */
  readonly messageId?: string;
}

export interface MailReceipt {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
}

/** Delivers e-mail notifications over SMTP with nodemailer. UTF-8 headers are encoded by nodemailer. */
export class SmtpMailer {
  private readonly transport: ReturnType<typeof createTransport>;

  constructor(private readonly config: SmtpConfig) {
    const timeout = config.timeoutMs ?? 10_000;
    this.transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure ?? false,
      requireTLS: config.requireTls ?? false,
      ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  /** Sends one mail; rejects when the server refuses it (the notification queue retries). */
  async send(message: MailMessage): Promise<MailReceipt> {
    const info = await this.transport.sendMail({
      from: this.config.from,
      to: typeof message.to === 'string' ? message.to : [...message.to],
      subject: message.subject,
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
      ...(message.messageId ? { messageId: message.messageId } : {}),
    });
    return {
      messageId: String(info.messageId),
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
    };
  }

  /** Checks the connection and credentials (for the server's start-up log and health page). */
  async verify(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    this.transport.close();
  }
}
