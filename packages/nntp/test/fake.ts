// NNTP over a scripted socket, so that tests can split a response at every byte (loopback TCP
// would merge the pieces at will). The socket and splits() are @inetlib/testing's.
import type { socket } from "@inetlib/socket";
import { ScriptedSocket, splits } from "@inetlib/testing";
import { NNTP, type NNTPOptions } from "../src/index.js";

export { ScriptedSocket as FakeSocket, splits };

/** FakeNNTP is an NNTP client over a ScriptedSocket. */
export class FakeNNTP extends NNTP {
  readonly fake: ScriptedSocket;
  constructor(fake: ScriptedSocket, options: NNTPOptions = {}) {
    super(options);
    this.fake = fake;
  }
  protected override async _create_socket(): Promise<socket> {
    return this.fake as unknown as socket;
  }
}
