// set_debuglevel's "send:" lines for the request head. undici builds the head itself; its
// diagnostics channel undici:client:sendHeaders shows it (up to the framing fields undici adds
// last), with the socket it goes to. Each connection registers its socket here while it wants
// a trace; the channel is subscribed only while some connection does.
import diagnostics_channel from "node:diagnostics_channel";
import type net from "node:net";

/** What a connection prints for a head undici sent on its socket. */
export type HeadPrinter = (head: string) => void;

interface SendHeadersMessage {
  headers: string;
  socket: net.Socket;
}

const CHANNEL = "undici:client:sendHeaders";
const printers = new WeakMap<net.Socket, HeadPrinter>();
let registered = 0;

function onSendHeaders(message: unknown): void {
  const m = message as SendHeadersMessage;
  printers.get(m.socket)?.(m.headers);
}

/** watchHeads prints each head undici sends on `socket` until the returned function is called. */
export function watchHeads(socket: net.Socket, printer: HeadPrinter): () => void {
  printers.set(socket, printer);
  if (registered++ === 0) diagnostics_channel.subscribe(CHANNEL, onSendHeaders);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    printers.delete(socket);
    if (--registered === 0) diagnostics_channel.unsubscribe(CHANNEL, onSendHeaders);
  };
}
