// Server text on its way to a terminal. What a server sends is never written to a terminal as
// it is: an ESC could move the cursor or retitle the window, a bidi override disguise the text.

// C0 controls but TAB, DEL, C1 controls, and the bidi overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is being removed
const UNSAFE_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// The same, LF allowed: for text that keeps its line breaks.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is being removed
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** safeText makes one line safe: TABs kept, every other control character U+FFFD. */
export function safeText(line: string): string {
  return line.replace(UNSAFE_LINE, "\ufffd");
}

/** oneLine makes text fit one line: line breaks and TABs become spaces, other controls U+FFFD. */
export function oneLine(text: string): string {
  return safeText(text.replace(/\s*[\r\n]+\s*/g, " ").replace(/\t/g, " ")).trim();
}

/**
 * TerminalText turns a byte stream into text safe for a terminal: UTF-8 decoded across chunk
 * boundaries, CRLF as LF, TAB and LF kept, every other control character U+FFFD.
 */
export class TerminalText {
  readonly #decoder = new TextDecoder("utf-8");
  #cr = false;

  /** push returns the text of the next chunk (a CR at its end waits for the next chunk). */
  push(chunk: Uint8Array): string {
    return this.#clean(this.#decoder.decode(chunk, { stream: true }));
  }

  /** end returns what was held back. */
  end(): string {
    return this.#clean(this.#decoder.decode()) + (this.#cr ? "\ufffd" : "");
  }

  #clean(text: string): string {
    let s = (this.#cr ? "\r" : "") + text;
    this.#cr = s.endsWith("\r");
    if (this.#cr) s = s.slice(0, -1);
    return s.replace(/\r\n/g, "\n").replace(UNSAFE_TEXT, "\ufffd");
  }
}
