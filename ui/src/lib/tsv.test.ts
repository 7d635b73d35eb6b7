import { describe, expect, it } from "vitest";
import { parseTsv, toTsv } from "./tsv";

describe("TSV paste parsing", () => {
  it("reads rows and columns as Excel copies them (CRLF, trailing newline)", () => {
    expect(parseTsv("a\tb\tc\r\nd\te\tf\r\n")).toEqual([
      ["a", "b", "c"],
      ["d", "e", "f"],
    ]);
  });
  it("keeps empty cells, including a trailing one", () => {
    expect(parseTsv("a\t\tc\n\tb\t")).toEqual([
      ["a", "", "c"],
      ["", "b", ""],
    ]);
  });
  it("reads quoted cells with newlines, tabs and doubled quotes", () => {
    expect(parseTsv('"第一行\n第二行"\t"说""好""的"\tx\n1\t"a\tb"\t2')).toEqual([
      ["第一行\n第二行", '说"好"的', "x"],
      ["1", "a\tb", "2"],
    ]);
  });
  it("takes a stray quote literally", () => {
    expect(parseTsv('5"寸\t"未闭合')).toEqual([['5"寸', '"未闭合']]);
  });
  it("a single value is one cell; empty text is nothing", () => {
    expect(parseTsv("≥95%")).toEqual([["≥95%"]]);
    expect(parseTsv("")).toEqual([]);
  });
  it("round-trips what it writes", () => {
    const rows = [
      ["产出指标", "数量指标", "开展党建活动次数", "≥12次"],
      ["多行\n文本", 'quote"d', "tab\there", ""],
    ];
    expect(parseTsv(toTsv(rows))).toEqual(rows);
    expect(toTsv([["a", "b"], ["c", "d"]])).toBe("a\tb\r\nc\td");
  });
});
