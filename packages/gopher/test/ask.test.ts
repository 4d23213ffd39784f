// Gopher+ forms (+ASK): parsing the questions, encoding the answers (and refusing bad ones
// before anything is sent), and a round trip with the in-process server's form, whose reply
// echoes what it received.
import { ValueError } from "@inetlib/socket";
import { demoHole, GopherServer } from "@inetlib/testing";
import { afterEach, describe, expect, it } from "vitest";
import { encodeAnswers, Gopher, GopherError, parseAsk } from "../src/index.js";

const FORM = [
  "Note: Tell us about yourself.",
  "Ask: Your name?\tAnonymous",
  "AskP: A password?",
  "Choose: Favourite colour?\tred\tgreen\tblue",
  "Select: Toppings?\tham\tolives\tcheese",
  "AskL: Comments?",
];

describe("parseAsk and encodeAnswers", () => {
  const questions = parseAsk(FORM);

  it("reads each question's kind, prompt, default or choices", () => {
    expect(questions.map((q) => [q.kind, q.prompt, q.values, q.answered])).toEqual([
      ["Note", "Tell us about yourself.", [], false],
      ["Ask", "Your name?", ["Anonymous"], true],
      ["AskP", "A password?", [], true],
      ["Choose", "Favourite colour?", ["red", "green", "blue"], true],
      ["Select", "Toppings?", ["ham", "olives", "cheese"], true],
      ["AskL", "Comments?", [], true],
    ]);
    expect(parseAsk(["AskX: odd one", "not a question"])).toEqual([
      { kind: "AskX", prompt: "odd one", values: [], answered: true },
    ]);
  });

  it("encodes the answers as a data block: Note skipped, AskL counted, Select on one line, dots stuffed", () => {
    const block = encodeAnswers(questions, [
      undefined,
      "Alice",
      "s3cret",
      "green",
      ["ham", "cheese"],
      "first\n.second",
    ]);
    expect(block.toString()).toBe(
      "+-1\r\nAlice\r\ns3cret\r\ngreen\r\nham\tcheese\r\n2\r\nfirst\r\n..second\r\n.\r\n",
    );
    // Defaults where no answer is given.
    expect(encodeAnswers(questions, [undefined, undefined, "", "red"]).toString()).toBe(
      "+-1\r\nAnonymous\r\n\r\nred\r\n\r\n1\r\n\r\n.\r\n",
    );
  });

  it("refuses line breaks in an answer, a choice that is not offered, and lists for one line", () => {
    expect(() => encodeAnswers(questions, [undefined, "Alice\r\nQUIT", "", "red"])).toThrow(ValueError);
    expect(() => encodeAnswers(questions, [undefined, "Alice", "", "purple"])).toThrow(
      /not one of the choices/,
    );
    expect(() => encodeAnswers(questions, [undefined, "Alice", "", "red", ["bacon"]])).toThrow(ValueError);
    expect(() => encodeAnswers(questions, [undefined, ["a", "b"], "", "red"])).toThrow(/one line/);
    expect(() => encodeAnswers(questions, [undefined, "A", "", "red", [], ["ok", "bad\0"]])).toThrow(
      ValueError,
    );
  });
});

describe("Gopher.ask and Gopher.submit against the in-process server", () => {
  let server: GopherServer;
  afterEach(async () => {
    await server.close();
  });

  it("reads the form from the attributes, submits the answers, gets the reply", async () => {
    server = await GopherServer.start(demoHole());
    await using g = new Gopher("127.0.0.1", server.port, { timeout: 10 });
    const attrs = await g.info("/form");
    expect(attrs.info?.extra).toEqual(["?"]);
    const questions = await g.ask("/form");
    expect(questions.map((q) => q.kind)).toEqual(["Note", "Ask", "AskP", "Choose", "Select", "AskL"]);
    const reply = await g.submit(
      "/form",
      [undefined, "Alice", "pw", "blue", ["olives"], ["line one", "line two"]],
      {
        questions,
      },
    );
    expect(reply.toString()).toBe(
      [
        "iAnswer 1: Alice\t\tnull.host\t0",
        "iAnswer 2: pw\t\tnull.host\t0",
        "iAnswer 3: blue\t\tnull.host\t0",
        "iAnswer 4: olives\t\tnull.host\t0",
        "iAnswer 5: 2\t\tnull.host\t0",
        "iAnswer 6: line one\t\tnull.host\t0",
        "iAnswer 7: line two\t\tnull.host\t0",
        "",
      ].join("\r\n"),
    );
    expect(server.answers).toEqual([["Alice", "pw", "blue", "olives", "2", "line one", "line two"]]);
    expect(server.requests.at(-1)!.toString()).toBe("/form\t+\t1\r\n");
  });

  it("asks for the form first when no questions are given; refuses bad answers before connecting", async () => {
    server = await GopherServer.start(demoHole());
    await using g = new Gopher("127.0.0.1", server.port, { timeout: 10 });
    await g.submit("/form", [undefined, "Bob", "", "red"]);
    expect(server.requests.map((r) => r.toString())).toEqual(["/form\t!+ASK\r\n", "/form\t+\t1\r\n"]);
    const before = server.requests.length;
    const questions = await g.ask("/form");
    await expect(g.submit("/form", [undefined, "x", "", "mauve"], { questions })).rejects.toThrow(ValueError);
    expect(server.requests.length).toBe(before + 1);
  });

  it("an item without +ASK is not a form", async () => {
    server = await GopherServer.start(demoHole());
    await using g = new Gopher("127.0.0.1", server.port, { timeout: 10 });
    await expect(g.ask("/docs")).rejects.toThrow(GopherError);
  });
});
