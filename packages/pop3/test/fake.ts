// POP3 over a scripted socket, so that tests can split a reply at every byte (loopback TCP
// would merge the pieces at will). The socket and splits() are @inetlib/testing's.
import type { socket } from "@inetlib/socket";
import { ScriptedSocket, splits } from "@inetlib/testing";
import { POP3, type POP3Options } from "../src/index.js";

export { ScriptedSocket as FakeSocket, splits };

/** FakePOP3 is a POP3 client over a ScriptedSocket. */
export class FakePOP3 extends POP3 {
  readonly fake: ScriptedSocket;
  constructor(fake: ScriptedSocket, options: POP3Options = {}) {
    super(options);
    this.fake = fake;
  }
  protected override async _create_socket(): Promise<socket> {
    return this.fake as unknown as socket;
  }
}
