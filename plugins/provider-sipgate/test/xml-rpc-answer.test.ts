import { describe, expect, it } from "vitest";
import { readXmlRpcAnswer } from "../src/xml-rpc.js";
import { escapeXmlText, findInvalidXmlCharacter } from "../src/xml-text.js";

describe("reading XML-RPC answers", () => {
  it("decodes nested values, entities, character references and CDATA", () => {
    const answer = readXmlRpcAnswer(`\uFEFF<?xml version="1.0"?>
<!-- a comment -->
<methodResponse><params><param><value><struct>
  <member><name>text</name><value><string>a &lt;b&gt; &amp; &#x1F600; &#233; <![CDATA[<raw> & ]]></string></value></member>
  <member><name>plain</name><value>untyped</value></member>
  <member><name>flag</name><value><boolean>1</boolean></value></member>
  <member><name>list</name><value><array><data><value><i4>1</i4></value><value><double>2.5</double></value></data></array></value></member>
</struct></value></param></params></methodResponse>`);
    expect(answer).toEqual({
      kind: "value",
      value: { text: "a <b> & 😀 é <raw> & ", plain: "untyped", flag: true, list: [1, 2.5] },
    });
  });

  it("reads a fault", () => {
    expect(
      readXmlRpcAnswer(
        `<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>401</int></value></member><member><name>faultString</name><value><string>Unauthorized</string></value></member></struct></value></fault></methodResponse>`,
      ),
    ).toEqual({ kind: "fault", faultCode: 401, faultString: "Unauthorized" });
  });

  it.each([
    ["a DOCTYPE", `<!DOCTYPE x [<!ENTITY a "b">]><methodResponse/>`],
    ["an unclosed element", "<methodResponse><params>"],
    ["mismatched tags", "<methodResponse></params>"],
    [
      "an unknown entity",
      "<methodResponse><params><param><value>&bogus;</value></param></params></methodResponse>",
    ],
    ["another root", "<html><body>hi</body></html>"],
    ["no document", ""],
  ])("refuses %s", (_label, body) => {
    expect(() => readXmlRpcAnswer(body)).toThrow();
  });
});

describe("XML text", () => {
  it("escapes &, <, > and carriage returns", () => {
    expect(escapeXmlText("a & b < c > d ]]> \r\n")).toBe("a &amp; b &lt; c &gt; d ]]&gt; &#13;\n");
  });

  it("finds the first character XML 1.0 cannot carry", () => {
    expect(findInvalidXmlCharacter("ok \t\n\r 😀 \uE000 \uFFFD")).toBeUndefined();
    expect(findInvalidXmlCharacter("😀\u0000")).toEqual({ index: 2, codePoint: "U+0000" });
    expect(findInvalidXmlCharacter("x\udc00")).toEqual({ index: 1, codePoint: "U+DC00" });
    expect(findInvalidXmlCharacter("\uFFFF")).toEqual({ index: 0, codePoint: "U+FFFF" });
  });
});
