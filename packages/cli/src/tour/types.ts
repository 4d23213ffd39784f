// What the tour visits: the same steps against embedded servers or against the real daemons.

/** Endpoint is a server's address. */
export interface Endpoint {
  host: string;
  port: number;
}

/** Login is a user name and password. */
export interface Login {
  user: string;
  password: string;
}

/** TourTargets say where each step of the tour goes and as whom. */
export interface TourTargets {
  /** One line saying what the servers are ("embedded servers on 127.0.0.1"). */
  where: string;
  /** The CA (PEM file) that verifies the servers' certificates; TLS steps use it. */
  cafile: string;
  /** The name certificates are issued for. */
  tlsHost: string;
  gopher: Endpoint;
  news: Endpoint & { group: string };
  mail: {
    smtp: Endpoint & { login: Login | null };
    pop3: Endpoint & Login;
    imap: Endpoint & Login;
    from: string;
    /** The recipient: the owner of the POP3 and IMAP mailbox. */
    to: string;
    /** Seconds to wait for the sent message to be delivered. */
    deliveryTimeout: number;
  };
  ftp: Endpoint & Login & { uploadDir: string };
  telnet: Endpoint & Login & { command: string };
  http: { url: string; xmlrpc: string };
}

/** TOUR_STEP_NAMES are the tour's steps in order (the help lists them without loading the steps). */
export const TOUR_STEP_NAMES: readonly string[] = ["gopher", "news", "mail", "ftp", "telnet", "http"];

/** TourLog is where the tour writes its lines. */
export type TourLog = (line: string) => void;

/** TourStep is one protocol's part of the tour. */
export interface TourStep {
  /** A short name (--only picks steps by it). */
  name: string;
  /** The heading: the protocol, the package and Python's module. */
  title: string;
  run(targets: TourTargets, show: TourShow): Promise<void>;
}

/** TourShow writes a step's lines: the call, what came back, the same from the command line. */
export interface TourShow {
  /** call shows a library call (`> pop.retr(1)`). */
  call(text: string): void;
  /** result shows what came back, indented. */
  result(text: string): void;
  /** cli shows the inetlib command that does the same (`$ inetlib get ...`). */
  cli(command: string): void;
  /** note is a remark in the step's voice. */
  note(text: string): void;
  /** timeout is the seconds each wait may take. */
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
}
