// poplib's one exception. Python raises it for a "-ERR" reply (with the reply line as bytes)
// and for local failures it words itself ('-ERR EOF', 'line too long', ...): both kept here.

/**
 * error_proto is raised when the server answers "-ERR" (or anything not starting with "+"),
 * and when the reply cannot be read at all. `args[0]` is what Python passes: the server's
 * line as bytes, or poplib's own message as text.
 *
 *	-ERR no such message      ->  error_proto(Buffer "-ERR no such message")
 *	(connection closed)       ->  error_proto("-ERR EOF")
 */
export class error_proto extends Error {
  override name = "error_proto";
  /** Python's exception args: the reply line (Buffer) or poplib's message (string). */
  readonly args: [Buffer | string];

  constructor(arg: Buffer | string, options?: { cause?: unknown }) {
    super(typeof arg === "string" ? arg : arg.toString("utf8"), options);
    this.args = [arg];
  }

  /** resp is the server's reply line when the error is the server's answer, else null. */
  get resp(): Buffer | null {
    const arg = this.args[0];
    return typeof arg === "string" ? null : arg;
  }
}
