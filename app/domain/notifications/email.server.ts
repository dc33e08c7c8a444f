/** An e-mail to send; the body is plain text (Vietnamese). */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface EmailTransport {
  send(message: EmailMessage): Promise<void>;
}

/**
 * The development transport: e-mails are written to the worker's log as one JSON line each. A deployment with
 * a mail server plugs its own transport in here; in-app notifications work without one.
 */
export const consoleTransport: EmailTransport = {
  async send(message) {
    console.log(JSON.stringify({ time: new Date().toISOString(), process: "worker", message: "email", email: message }));
  },
};

export const emailTransport = (): EmailTransport => consoleTransport;
