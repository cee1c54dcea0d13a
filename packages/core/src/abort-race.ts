// The abort helpers providers need live in the contract package; core uses the same ones.
export { abortReason, untilAborted } from "@smskit/provider";
