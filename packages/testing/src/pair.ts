// A test server and a client connected to it, closed together.

/** ClientServerPair is a server and a client connected to it; both closed by dispose. */
export interface ClientServerPair<S, C> extends AsyncDisposable {
  server: S;
  client: C;
}

/**
 * openPair starts a server, then connects a client to it; if the client fails to connect the
 * server is closed before the error is thrown. Disposing closes the client, then the server.
 */
export async function openPair<S extends { close(): Promise<void> }, C extends { close(): Promise<void> }>(
  start: () => Promise<S>,
  connect: (server: S) => Promise<C>,
): Promise<ClientServerPair<S, C>> {
  const server = await start();
  try {
    const client = await connect(server);
    return {
      server,
      client,
      async [Symbol.asyncDispose]() {
        await client.close();
        await server.close();
      },
    };
  } catch (err) {
    await server.close();
    throw err;
  }
}
