// How a message is carried: what a reply must repeat for the peer to read it as an answer to that message.
import { Protocol, Transport } from "./protocol";

export class Envelope {
  transport: Transport = Transport.Framed;
  protocol: Protocol = Protocol.Binary;
  /** Binary only: the strict form (version word first); false for the old form (name first). */
  strict: bool = true;
  /** THeader only: the frame's flags and sequence number, which an answer echoes. */
  headerFlags: u16 = 0;
  headerSeqId: i32 = 0;
}
