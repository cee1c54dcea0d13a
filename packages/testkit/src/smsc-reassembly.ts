import type { SmscMessage, SmscSubmit } from "./smsc-types.js";

/** Collects accepted submits and adds each message to `messages` once all its parts are in. */
export function messageAssembler(messages: SmscMessage[]): {
  accept(submit: SmscSubmit): void;
  clear(): void;
} {
  const partial = new Map<string, Map<number, SmscSubmit>>();
  return {
    accept(submit) {
      if (!submit.concatenation) {
        messages.push(messageOf([submit]));
        return;
      }
      const { reference, total, sequence } = submit.concatenation;
      const key = `${submit.sourceAddr}\u0000${submit.destinationAddr}\u0000${reference}\u0000${total}`;
      const parts = partial.get(key) ?? new Map<number, SmscSubmit>();
      parts.set(sequence, submit);
      partial.set(key, parts);
      if (parts.size < total) return;
      partial.delete(key);
      messages.push(messageOf([...parts.values()].sort(bySequence)));
    },
    clear() {
      partial.clear();
    },
  };
}

function messageOf(parts: SmscSubmit[]): SmscMessage {
  const first = parts[0] as SmscSubmit;
  return {
    text: parts.map((part) => part.text).join(""),
    parts: parts.length,
    sourceAddr: first.sourceAddr,
    destinationAddr: first.destinationAddr,
    dataCoding: first.dataCoding,
    messageIds: parts.map((part) => part.messageId ?? ""),
    submits: parts,
  };
}

function bySequence(left: SmscSubmit, right: SmscSubmit): number {
  return (left.concatenation?.sequence ?? 0) - (right.concatenation?.sequence ?? 0);
}
