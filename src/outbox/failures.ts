// What went wrong with a delivery, said without personal data: the text is stored in
// `last_error`, shown to admins and logged, so it carries codes and the server's reason with
// any email address taken out, never a recipient, subject or body.

/** A delivery failed in a way the sender knows how to describe. */
export class DeliveryError extends Error {
  /** Trying again will not help (e.g. the mail server refused the mailbox for good). */
  readonly permanent: boolean;
  constructor(message: string, options: { permanent?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "DeliveryError";
    this.permanent = options.permanent ?? false;
  }
}

export type Failure = { summary: string; permanent: boolean };

/** Turns any error from a delivery into a short, personal-data-free summary. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof DeliveryError) {
    return { summary: redact(error.message), permanent: error.permanent };
  }
  const e = (error ?? {}) as {
    name?: string;
    code?: string;
    responseCode?: number;
    response?: string;
    command?: string;
    message?: string;
  };
  if (e.name === "AbortError" || e.name === "TimeoutError" || e.code === "EABORT") {
    return { summary: "timed out", permanent: false };
  }
  if (typeof e.responseCode === "number") {
    // nodemailer: the server answered with an error code. A 5xx to the envelope or to the
    // message itself is the server's final word on this message; a 5xx elsewhere (a login
    // refused, a command not understood) is a setting to fix, and the message keeps waiting.
    const stage = e.command ? ` to ${e.command.split(" ")[0].toUpperCase()}` : "";
    const permanent = e.responseCode >= 500 && (e.code === "EENVELOPE" || e.code === "EMESSAGE");
    const reason = e.response ?? e.message ?? "";
    return { summary: redact(`SMTP ${e.responseCode}${stage}: ${reason}`), permanent };
  }
  if (e.code) return { summary: redact(`${e.code}: ${e.message ?? ""}`), permanent: false };
  return { summary: redact(e.message ?? String(error)), permanent: false };
}

/** Email addresses out, one line, bounded length. */
export function redact(text: string): string {
  return text
    .replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, "[address]")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
}
