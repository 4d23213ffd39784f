// The receive queue behind stream sockets: slicing across chunks, backpressure, waiting.
import { describe, expect, it, vi } from "vitest";
import { AbortError, TimeoutError } from "../src/errors.js";
import { Inbox } from "../src/inbox.js";

function flowSpy() {
  const calls: string[] = [];
  return { calls, flow: { pause: () => calls.push("pause"), resume: () => calls.push("resume") } };
}

describe("Inbox", () => {
  it("takes and peeks across chunk boundaries at every split", () => {
    const data = Buffer.from("0123456789abcdef");
    for (let cut = 1; cut < data.length; cut++) {
      for (let n = 1; n <= data.length + 1; n++) {
        const inbox = new Inbox(flowSpy().flow);
        inbox.push(data.subarray(0, cut));
        inbox.push(data.subarray(cut));
        expect(inbox.peek(n)).toEqual(data.subarray(0, n));
        const first = inbox.take(n);
        expect(first).toEqual(data.subarray(0, n));
        expect(inbox.take(1000)).toEqual(data.subarray(Math.min(n, data.length)));
        expect(inbox.length).toBe(0);
      }
    }
  });

  it("returns a large first chunk alone, without copying, and joins small ones", () => {
    const inbox = new Inbox(flowSpy().flow);
    const big = Buffer.alloc(64 * 1024, 1);
    inbox.push(big);
    inbox.push(Buffer.alloc(64 * 1024, 2));
    const first = inbox.take(1 << 20);
    expect(first.length).toBe(big.length);
    expect(first.buffer).toBe(big.buffer);
    inbox.take(1 << 20);
    inbox.push(Buffer.from("ab"));
    inbox.push(Buffer.from("cd"));
    expect(inbox.take(10).toString()).toBe("abcd");
  });

  it("finds a byte only within the limit", () => {
    const inbox = new Inbox(flowSpy().flow);
    inbox.push(Buffer.from("abc"));
    inbox.push(Buffer.from("de\nf"));
    expect(inbox.indexOf(0x0a)).toBe(5);
    expect(inbox.indexOf(0x0a, 5)).toBe(-1);
    expect(inbox.indexOf(0x0a, 6)).toBe(5);
    expect(inbox.indexOf(0x7a)).toBe(-1);
  });

  it("pauses the stream above the high-water mark and resumes below half of it", () => {
    const { calls, flow } = flowSpy();
    const inbox = new Inbox(flow, 100);
    inbox.push(Buffer.alloc(60));
    expect(calls).toEqual([]);
    inbox.push(Buffer.alloc(60));
    expect(calls).toEqual(["pause"]);
    inbox.take(30);
    expect(calls).toEqual(["pause"]);
    inbox.take(50);
    expect(calls).toEqual(["pause", "resume"]);
  });

  it("discards everything; without resume when the stream is being handed over", () => {
    const a = flowSpy();
    const inbox = new Inbox(a.flow, 10);
    inbox.push(Buffer.alloc(20));
    expect(inbox.discard()).toBe(20);
    expect(a.calls).toEqual(["pause", "resume"]);
    const b = flowSpy();
    const handed = new Inbox(b.flow, 10);
    handed.push(Buffer.alloc(20));
    expect(handed.discard({ resume: false })).toBe(20);
    expect(b.calls).toEqual(["pause"]);
    expect(handed.length).toBe(0);
  });

  it("wakes a waiter on data and end, and times out with Python's message", async () => {
    const inbox = new Inbox(flowSpy().flow);
    const waiting = inbox.wait(null);
    inbox.push(Buffer.from("x"));
    await waiting;
    inbox.take(1);
    await expect(inbox.wait(0.01)).rejects.toThrow(TimeoutError);
    await expect(inbox.wait(0.01)).rejects.toThrow("timed out");
    const atEnd = inbox.wait(null);
    inbox.end();
    await atEnd;
    expect(inbox.ready).toBe(true);
  });

  it("wakes several waiters in the order they began, after some of them left", async () => {
    const inbox = new Inbox(flowSpy().flow);
    const order: string[] = [];
    const track = (name: string, p: Promise<void>) =>
      p.then(
        () => order.push(name),
        (err: Error) => order.push(`${name}: ${err.name}`),
      );
    const gone = new AbortController();
    const a = track("a", inbox.wait(null, gone.signal));
    const b = track("b", inbox.wait(null));
    gone.abort();
    await a;
    const c = track("c", inbox.wait(null));
    const d = track("d", inbox.wait(0.01));
    await d;
    const e = track("e", inbox.wait(null));
    inbox.push(Buffer.from("x"));
    await Promise.all([b, c, e]);
    expect(order).toEqual(["a: AbortError", "d: TimeoutError", "b", "c", "e"]);
  });

  it("aborts a wait, before or during it, and keeps no listener on the signal", async () => {
    const inbox = new Inbox(flowSpy().flow);
    const done = new AbortController();
    done.abort(new Error("why"));
    await expect(inbox.wait(null, done.signal)).rejects.toBeInstanceOf(AbortError);
    const controller = new AbortController();
    const { signal } = controller;
    const add = vi.spyOn(signal, "addEventListener");
    const remove = vi.spyOn(signal, "removeEventListener");
    const woken = inbox.wait(10, signal);
    inbox.push(Buffer.from("x"));
    await woken;
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls).toEqual(add.mock.calls.map((call) => call.slice(0, 2)));
    inbox.take(1);
    const aborted = inbox.wait(10, signal);
    controller.abort(new Error("stop"));
    const err = await aborted.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toEqual(new Error("stop"));
    expect(add).toHaveBeenCalledTimes(2);
    expect(remove).toHaveBeenCalledTimes(2);
  });

  it("tells whether a read is waiting when the inbox fails (failWaiters)", async () => {
    const inbox = new Inbox(flowSpy().flow);
    inbox.failWaiters(() => new Error("made"), new Error("idle"));
    expect(inbox.error?.message).toBe("idle");
    const other = new Inbox(flowSpy().flow);
    const first = other.wait(null);
    const second = other.wait(null);
    other.failWaiters(() => new Error("made"), new Error("idle"));
    await Promise.all([first, second]);
    expect(other.error?.message).toBe("made");
  });
});
