/**
 * An SMTP refusal: the reply code and enhanced status code (RFC 3463) the client sees, with a
 * sentence it can show. smtp-server answers a callback's error with its `responseCode`.
 */
export class SmtpRefusal extends Error {
  readonly responseCode: number;

  constructor(code: number, enhanced: string, text: string) {
    super(`${enhanced} ${text}`);
    this.name = "SmtpRefusal";
    this.responseCode = code;
  }
}
