// RFC 1143's Q method: its tables line by line, and two peers running it against each other
// through every interleaving fast-check finds, which must agree and go quiet.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  OptionTable,
  type QQueue,
  type QSide,
  type QState,
  qReceive,
  qRequest,
  type Side,
} from "../src/negotiation.js";

const s = (state: QState, queue: QQueue = "EMPTY"): QSide => ({ state, queue });
const IAC = 255;
const [DONT, DO, WONT, WILL] = [254, 253, 252, 251] as const;

describe("qReceive: RFC 1143 section 7, upon receipt of WILL (DO for our side)", () => {
  it.each([
    ["NO, agreeing", s("NO"), true, "YES", "positive"],
    ["NO, refusing", s("NO"), false, "NO", "negative"],
    ["YES", s("YES"), true, "YES", null],
    ["WANTNO EMPTY (error)", s("WANTNO"), true, "NO", null],
    ["WANTNO OPPOSITE (error)", s("WANTNO", "OPPOSITE"), true, "YES", null],
    ["WANTYES EMPTY", s("WANTYES"), true, "YES", null],
    ["WANTYES OPPOSITE", s("WANTYES", "OPPOSITE"), true, "WANTNO", "negative"],
  ] as const)("%s", (_, side, accept, state, send) => {
    const step = qReceive(side, true, accept);
    expect(step.side.state).toBe(state);
    expect(step.side.queue).toBe("EMPTY");
    expect(step.send).toBe(send);
  });

  it("reports the protocol error of WANTNO answered by WILL", () => {
    expect(qReceive(s("WANTNO"), true, true).error).toMatch(/refusal answered/);
  });
});

describe("qReceive: upon receipt of WONT (DONT for our side)", () => {
  it.each([
    ["NO", s("NO"), "NO", "EMPTY", null],
    ["YES", s("YES"), "NO", "EMPTY", "negative"],
    ["WANTNO EMPTY", s("WANTNO"), "NO", "EMPTY", null],
    ["WANTNO OPPOSITE", s("WANTNO", "OPPOSITE"), "WANTYES", "EMPTY", "positive"],
    ["WANTYES EMPTY", s("WANTYES"), "NO", "EMPTY", null],
    ["WANTYES OPPOSITE", s("WANTYES", "OPPOSITE"), "NO", "EMPTY", null],
  ] as const)("%s", (_, side, state, queue, send) => {
    const step = qReceive(side, false, true);
    expect(step.side).toEqual({ state, queue });
    expect(step.send).toBe(send);
  });
});

describe("qRequest: if we decide to ask to enable or disable", () => {
  it.each([
    ["enable from NO", s("NO"), true, s("WANTYES"), "positive"],
    ["enable when YES", s("YES"), true, s("YES"), null],
    ["enable during WANTNO EMPTY", s("WANTNO"), true, s("WANTNO", "OPPOSITE"), null],
    ["enable during WANTNO OPPOSITE", s("WANTNO", "OPPOSITE"), true, s("WANTNO", "OPPOSITE"), null],
    ["enable during WANTYES EMPTY", s("WANTYES"), true, s("WANTYES"), null],
    ["enable during WANTYES OPPOSITE", s("WANTYES", "OPPOSITE"), true, s("WANTYES"), null],
    ["disable when NO", s("NO"), false, s("NO"), null],
    ["disable from YES", s("YES"), false, s("WANTNO"), "negative"],
    ["disable during WANTNO EMPTY", s("WANTNO"), false, s("WANTNO"), null],
    ["disable during WANTNO OPPOSITE", s("WANTNO", "OPPOSITE"), false, s("WANTNO"), null],
    ["disable during WANTYES EMPTY", s("WANTYES"), false, s("WANTYES", "OPPOSITE"), null],
    ["disable during WANTYES OPPOSITE", s("WANTYES", "OPPOSITE"), false, s("WANTYES", "OPPOSITE"), null],
  ] as const)("%s", (_, side, enable, after, send) => {
    const step = qRequest(side, enable);
    expect(step.side).toEqual(after);
    expect(step.send).toBe(send);
  });
});

describe("OptionTable", () => {
  it("answers DO with WILL or WONT by the acceptance, and WILL with DO or DONT", () => {
    const table = new OptionTable();
    const accept = (side: Side, option: number) => side === "local" && option === 24;
    expect([...table.receive(DO, 24, accept).reply!]).toEqual([IAC, WILL, 24]);
    expect(table.enabled("local", 24)).toBe(true);
    expect([...table.receive(DO, 32, accept).reply!]).toEqual([IAC, WONT, 32]);
    expect([...table.receive(WILL, 1, accept).reply!]).toEqual([IAC, DONT, 1]);
    expect(table.enabled("remote", 1)).toBe(false);
  });

  it("does not answer a request for what is already so (no loop)", () => {
    const table = new OptionTable();
    const yes = () => true;
    expect(table.receive(WILL, 1, yes).change).toBe("enabled");
    const again = table.receive(WILL, 1, yes);
    expect(again.reply).toBeNull();
    expect(again.change).toBeNull();
    expect(table.receive(WONT, 3, yes).reply).toBeNull();
    expect(table.receive(DONT, 3, yes).reply).toBeNull();
  });

  it("acknowledges a disable of an enabled option and reports the change", () => {
    const table = new OptionTable();
    table.receive(DO, 31, () => true);
    const off = table.receive(DONT, 31, () => true);
    expect([...off.reply!]).toEqual([IAC, WONT, 31]);
    expect(off.change).toBe("disabled");
    expect(table.get("local", 31)).toEqual({ state: "NO", queue: "EMPTY" });
  });

  it("asks only once, and takes the answer to its request without replying", () => {
    const table = new OptionTable();
    expect([...table.request("remote", 3, true).reply!]).toEqual([IAC, DO, 3]);
    expect(table.request("remote", 3, true).reply).toBeNull();
    const answer = table.receive(WILL, 3, () => false);
    expect(answer.reply).toBeNull();
    expect(answer.change).toBe("enabled");
  });

  it("does not ask for the acceptance of an answer to its own request", () => {
    const table = new OptionTable();
    table.request("local", 24, true);
    let asked = false;
    table.receive(DO, 24, () => {
      asked = true;
      return false;
    });
    expect(asked).toBe(false);
    expect(table.enabled("local", 24)).toBe(true);
  });
});

// Two peers, each with an OptionTable, one option, a policy of what each accepts, and random
// requests; messages are delivered in random order within each direction's FIFO.
describe("two Q-method peers", () => {
  it("always fall quiet, and agree on the option's state", () => {
    const op = fc.record({
      who: fc.constantFrom("a", "b"),
      kind: fc.constantFrom("request", "deliver-a", "deliver-b"),
      side: fc.constantFrom<Side>("local", "remote"),
      enable: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.array(op, { maxLength: 40 }),
        (aL, aR, bL, bR, ops) => {
          const peers = {
            a: { table: new OptionTable(), accept: { local: aL, remote: aR }, inbox: [] as Buffer[] },
            b: { table: new OptionTable(), accept: { local: bL, remote: bR }, inbox: [] as Buffer[] },
          };
          let sent = 0;
          const deliver = (to: "a" | "b") => {
            const peer = peers[to];
            const msg = peer.inbox.shift();
            if (!msg) return;
            const out = peer.table.receive(msg[1] as 251, 7, (side) => peer.accept[side]);
            if (out.reply) {
              peers[to === "a" ? "b" : "a"].inbox.push(out.reply);
              sent++;
            }
          };
          for (const o of ops) {
            if (o.kind === "request") {
              const out = peers[o.who].table.request(o.side, 7, o.enable);
              if (out.reply) {
                peers[o.who === "a" ? "b" : "a"].inbox.push(out.reply);
                sent++;
              }
            } else deliver(o.kind === "deliver-a" ? "a" : "b");
          }
          // Drain: a finite number of steps must empty both inboxes.
          for (let i = 0; i < 100 && (peers.a.inbox.length || peers.b.inbox.length); i++) {
            deliver("a");
            deliver("b");
          }
          expect(peers.a.inbox.length + peers.b.inbox.length).toBe(0);
          expect(sent).toBeLessThanOrEqual(2 * ops.length + 2);
          // Quiet: both sides agree whether a performs the option, and whether b does.
          expect(peers.a.table.enabled("local", 7)).toBe(peers.b.table.enabled("remote", 7));
          expect(peers.a.table.enabled("remote", 7)).toBe(peers.b.table.enabled("local", 7));
          for (const p of [peers.a, peers.b])
            for (const side of ["local", "remote"] as const)
              expect(["YES", "NO"]).toContain(p.table.get(side, 7).state);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
