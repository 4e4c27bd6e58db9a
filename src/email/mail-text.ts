/**
 * The SMS text of a mail: its plain-text body (or its subject, per `email.smtp.text`), cut at
 * the first line any `cutAt` rule matches (a signature, a quoted reply), whitespace at the ends
 * and runs of blank lines removed. An empty body falls back to the subject.
 */
export function smsTextOf(
  mail: { subject?: string | undefined; text?: string | undefined },
  opts: { source: "body" | "subject"; cutAt: readonly RegExp[] },
): string {
  const subject = (mail.subject ?? "").trim();
  if (opts.source === "subject") return subject;
  const body = cutBody(mail.text ?? "", opts.cutAt);
  return body === "" ? subject : body;
}

export function cutBody(text: string, cutAt: readonly RegExp[]): string {
  const kept: string[] = [];
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (cutAt.some((re) => re.test(line))) break;
    kept.push(line.trimEnd());
  }
  return kept
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
