// telnetlib raises no exceptions of its own: EOFError when the connection is closed and no data
// is left, and the socket's errors (OSError, timeout). login() adds one for a refused login.
export { EOFError, OSError, ResponseTooLarge, TimeoutError, timeout, ValueError } from "@inetlib/socket";

/**
 * LoginError: login() saw the server refuse the user name or password (or never ask for them).
 * `text` is what the server sent from the attempt on.
 */
export class LoginError extends Error {
  override name = "LoginError";
  readonly text: string;
  constructor(message: string, text: string) {
    super(message);
    this.text = text;
  }
}
