#!/usr/bin/env python3
"""Write a seed form's data as a plain XLSX (standard library only), for
timing LibreOffice's XLSX -> PDF conversion against `selfeval export`.
Used only when the CLI has no `--format xlsx` yet.

    python3 scripts/seed_xlsx.py FORM.json OUT.xlsx
"""
import json
import sys
import zipfile
from xml.sax.saxutils import escape


def rows_of(form):
    h = form["header"]
    f = form["funds"]
    g = form["goals"]
    rows = [["项目支出绩效自评表"],
            ["项目编码", h["code"], "项目名称", h["name"], "绩效自评年度", h["year"]],
            ["实施单位", h["implementing_unit"], "一级预算单位", h["budget_unit"]],
            ["资金使用情况", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率（%）", "得分"]]
    for key, label in [("total", "年度资金总额"), ("current_year", "其中：当年财政拨款"),
                       ("carried_over", "上年结转资金"), ("other", "其他资金")]:
        r = f.get(key) or {}
        rows.append(["项目资金（元）", label] + [r.get(k) or "" for k in
                                           ("initial_budget", "annual_budget", "executed")])
    rows.append(["年度总体目标", "预期目标", g["expected"], "实际完成情况", g["actual"]])
    rows.append(["年度绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                 "分值", "得分", "偏差原因分析及改进措施"])
    for i in form["indicators"]:
        rows.append(["", i["level1"], i["level2"], i["name"], i["target"], i["actual"],
                     i.get("weight") or "", i.get("score") or "", i["deviation"]])
    return rows


def col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    form = json.load(open(sys.argv[1], encoding="utf-8"))["form"]
    rows = rows_of(form)
    sheet = ['<?xml version="1.0" encoding="UTF-8"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<cols><col min="1" max="9" width="16" customWidth="1"/></cols><sheetData>']
    for r, row in enumerate(rows, 1):
        sheet.append(f'<row r="{r}">')
        for c, v in enumerate(row):
            sheet.append(f'<c r="{col(c)}{r}" t="inlineStr" s="1"><is><t>{escape(str(v))}</t></is></c>')
        sheet.append("</row>")
    sheet.append('</sheetData><pageSetup paperSize="9" orientation="portrait"/></worksheet>')
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="绩效自评表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="9"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf borderId="1" applyBorder="1" applyAlignment="1"><alignment wrapText="1" vertical="center"/></xf></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


if __name__ == "__main__":
    main()
