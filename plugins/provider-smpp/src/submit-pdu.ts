import type { SendablePdu } from "smpp";

/** SMPP command id of submit_sm. */
const SUBMIT_SM = 0x00000004;
/** The 16-octet PDU header: command_length, command_id, command_status, sequence_number. */
const HEADER_LENGTH = 16;

/** The submit_sm fields that are the same for every message of a gateway. */
export interface SubmitTemplate {
  readonly serviceType: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly sourceAddr: string;
  readonly destAddrTon: number;
  readonly destAddrNpi: number;
  /** registered_delivery: 1 asks the SMSC for a delivery receipt. */
  readonly registeredDelivery?: number;
}

/** What varies per submit_sm. */
export interface SubmitVariable {
  readonly destinationAddr: string;
  readonly esmClass: number;
  readonly dataCoding: number;
  readonly shortMessage: Buffer;
}

/**
 * Encodes submit_sm (SMPP 3.4 §4.4.1) directly: the gateway's constant fields are encoded once
 * into a prefix, each message only appends its destination, esm_class, data_coding and
 * short_message. The result goes through the `smpp` session like one of its own PDUs: the
 * session assigns the sequence number before asking for the octets.
 */
export class SubmitEncoder {
  readonly #prefix: Buffer;
  readonly #registeredDelivery: number;

  constructor(template: SubmitTemplate) {
    this.#registeredDelivery = (template.registeredDelivery ?? 0) & 0xff;
    const head = Buffer.alloc(HEADER_LENGTH);
    head.writeUInt32BE(SUBMIT_SM, 4);
    this.#prefix = Buffer.concat([
      head,
      cString(template.serviceType),
      Buffer.from([template.sourceAddrTon & 0xff, template.sourceAddrNpi & 0xff]),
      cString(template.sourceAddr),
      Buffer.from([template.destAddrTon & 0xff, template.destAddrNpi & 0xff]),
    ]);
  }

  /** A submit_sm ready for `Session.send`. Throws a RangeError for a short_message over 254 octets. */
  pdu(variable: SubmitVariable): SendablePdu {
    const { shortMessage } = variable;
    if (shortMessage.length > 254) {
      throw new RangeError(`a short_message carries at most 254 octets, not ${shortMessage.length}`);
    }
    const destination = Buffer.from(variable.destinationAddr, "latin1");
    const prefix = this.#prefix;
    const length = prefix.length + destination.length + 1 + 11 + shortMessage.length;
    const octets = Buffer.allocUnsafe(length);
    prefix.copy(octets, 0);
    octets.writeUInt32BE(length, 0);
    let offset = prefix.length;
    offset += destination.copy(octets, offset);
    octets[offset++] = 0; // end of destination_addr
    octets[offset++] = variable.esmClass & 0xff;
    octets[offset++] = 0; // protocol_id
    octets[offset++] = 0; // priority_flag
    octets[offset++] = 0; // schedule_delivery_time: immediate
    octets[offset++] = 0; // validity_period: the SMSC's default
    octets[offset++] = this.#registeredDelivery; // registered_delivery
    octets[offset++] = 0; // replace_if_present_flag
    octets[offset++] = variable.dataCoding & 0xff;
    octets[offset++] = 0; // sm_default_msg_id
    octets[offset++] = shortMessage.length; // sm_length
    shortMessage.copy(octets, offset);
    return new SubmitPdu(octets);
  }
}

/** A pre-encoded submit_sm; the session sets its sequence number, then takes the octets. */
class SubmitPdu implements SendablePdu {
  readonly command = "submit_sm";
  sequence_number = 0;
  readonly #octets: Buffer;

  constructor(octets: Buffer) {
    this.#octets = octets;
  }

  isResponse(): boolean {
    return false;
  }

  toBuffer(): Buffer {
    this.#octets.writeUInt32BE(this.sequence_number, 12);
    return this.#octets;
  }
}

/** A C-Octet String: the text (ASCII/Latin-1) and a terminating NUL. */
function cString(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, "latin1"), Buffer.from([0])]);
}
