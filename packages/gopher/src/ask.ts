// Gopher+ forms (Gopher+ 2.8, "+ASK"): an item whose menu line ends in "?" has an +ASK block
// among its attributes, one question a line; the client sends the answers with the request
// "selector TAB + TAB 1" followed by a data block, and gets the item's reply.
//
//	+ASK:
//	 Ask: Your name?<TAB>Anonymous          a line of text (TAB default)
//	 AskP: Password?                        a line not echoed
//	 AskL: Comments?                        lines: their count, then the lines
//	 AskF: Save as?                         a local file name
//	 Choose: Colour?<TAB>red<TAB>green      one of the choices
//	 ChooseF: File?<TAB>a.txt<TAB>b.txt     one of the choices (files)
//	 Select: Toppings?<TAB>ham<TAB>olives   any of the choices (TAB-separated on one line)
//	 Note: Thank you.                       shown, not answered
//
//	C: /form TAB + TAB 1 CRLF  +-1 CRLF  Alice CRLF  green CRLF  . CRLF
import { ValueError } from "@inetlib/socket";

/** AskKind is a question's kind as the +ASK block names it. */
export type AskKind = "Ask" | "AskP" | "AskL" | "AskF" | "Choose" | "ChooseF" | "Select" | "Note";

const KINDS: readonly AskKind[] = ["Ask", "AskP", "AskL", "AskF", "Choose", "ChooseF", "Select", "Note"];

/** AskQuestion is one line of an +ASK block. */
export interface AskQuestion {
  /** The kind; a kind this client does not know is kept as written (and answered as Ask). */
  kind: AskKind | string;
  prompt: string;
  /** The TAB-separated fields after the prompt: the default of Ask*, the choices of Choose, ChooseF, Select. */
  values: string[];
  /** False for Note (nothing is sent for it). */
  answered: boolean;
}

/** AskAnswer is the answer to one question: text, or lines (AskL) or choices (Select). */
export type AskAnswer = string | readonly string[];

/** parseAsk reads the lines of an +ASK block (each without its leading space). */
export function parseAsk(lines: readonly string[]): AskQuestion[] {
  const out: AskQuestion[] = [];
  for (const line of lines) {
    const m = /^\s*([A-Za-z]+):\s?(.*)$/s.exec(line);
    if (!m) continue;
    const known = KINDS.find((k) => k.toLowerCase() === m[1]!.toLowerCase());
    const [prompt = "", ...values] = m[2]!.split("\t");
    out.push({ kind: known ?? m[1]!, prompt, values, answered: known !== "Note" });
  }
  return out;
}

/**
 * encodeAnswers returns the data block that answers a form: `answers[i]` answers
 * `questions[i]` (Note's is ignored; a missing one is the question's default, else empty).
 * Refused (ValueError) before anything is sent: CR, LF or NUL inside an answer line, a Choose
 * or ChooseF answer that is not one of the choices, a Select answer that is not among them,
 * and lines for a question that takes one line.
 */
export function encodeAnswers(
  questions: readonly AskQuestion[],
  answers: readonly (AskAnswer | undefined)[],
): Buffer {
  const lines: string[] = [];
  questions.forEach((q, i) => {
    if (!q.answered) return;
    const given = answers[i];
    const where = `answer ${i + 1} (${q.kind}: ${q.prompt})`;
    if (q.kind === "AskL") {
      const body =
        given === undefined
          ? (q.values[0] ?? "").split("\n")
          : typeof given === "string"
            ? given.split(/\r?\n/)
            : [...given];
      for (const l of body) checkLine(l, where);
      lines.push(String(body.length), ...body);
      return;
    }
    if (q.kind === "Select") {
      const chosen = given === undefined ? [] : typeof given === "string" ? [given] : [...given];
      for (const c of chosen)
        if (!q.values.includes(c))
          throw new ValueError(`${where}: ${JSON.stringify(c)} is not one of the choices`);
      lines.push(chosen.join("\t"));
      return;
    }
    if (typeof given !== "string" && given !== undefined)
      throw new ValueError(`${where}: takes one line of text, not a list`);
    const value = given ?? q.values[0] ?? "";
    checkLine(value, where);
    if ((q.kind === "Choose" || q.kind === "ChooseF") && !q.values.includes(value))
      throw new ValueError(`${where}: ${JSON.stringify(value)} is not one of the choices`);
    lines.push(value);
  });
  // A data block as a reply has it: "+-1", the lines dot-stuffed, ".".
  const body = lines.map((l) => `${l.startsWith(".") ? "." : ""}${l}\r\n`).join("");
  return Buffer.from(`+-1\r\n${body}.\r\n`, "utf8");
}

function checkLine(line: string, where: string): void {
  if (/[\r\n\0]/.test(line))
    throw new ValueError(`${where}: CR, LF and NUL are not allowed in an answer line`);
}
