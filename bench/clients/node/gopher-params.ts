// The parameters every Gopher client program takes.

/** GopherParams: fetch and parse the menu at `selector`, `count` times (one connection each, as Gopher is). */
export interface GopherParams {
  host: string;
  port: number;
  selector: string;
  count: number;
}
