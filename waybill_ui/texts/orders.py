TEXTS = {
    # --- import: whole-file errors ---
    "import.too_large": (
        "文件太大（{size_mb} MB），上限为 {limit_mb} MB。请在千牛/卖家中心按时间段分批导出，或请管理员调高 WAYBILL_UPLOAD_LIMIT_MB。",
        "The file is too large ({size_mb} MB; the limit is {limit_mb} MB). Export in smaller date ranges, "
        "or ask the administrator to raise WAYBILL_UPLOAD_LIMIT_MB.",
    ),
    "import.empty_file": (
        "文件是空的。请选择从淘宝「已卖出的宝贝 → 批量导出」下载的订单报表。",
        "The file is empty. Choose the order report exported from Taobao (已卖出的宝贝 → 批量导出).",
    ),
    "import.no_header": (
        "找不到「订单编号」列。请上传淘宝订单报表（CSV 或 XLSX），或按「下载导入模板」的格式整理表格。",
        "No 订单编号 (order number) column was found. Upload the Taobao order report (CSV or XLSX), "
        "or arrange the sheet like the import template.",
    ),
    "import.not_a_table": (
        "「{filename}」不是 CSV 或 XLSX 表格。旧版 .xls 请在 Excel 中另存为 .xlsx 或 CSV 后再导入。",
        "“{filename}” is not a CSV or XLSX table. Save an old .xls file as .xlsx or CSV in Excel, then import it.",
    ),
    "import.bad_encoding": (
        "文件编码无法识别（既不是 GBK 也不是 UTF-8）。请重新从淘宝导出，不要用其他软件转换。",
        "The file's encoding is neither GBK nor UTF-8. Export it from Taobao again without converting it.",
    ),
    "import.bad_csv": (
        "CSV 文件格式有误：{error}。请重新导出。",
        "The CSV file is malformed: {error}. Export it again.",
    ),
    "import.parser_failed": (
        "读取文件的后台进程意外退出（{error}），本次导入没有保存任何订单。请重试；如果再次失败，请按时间段分批导出后再导入。",
        "The background process reading the file stopped unexpectedly ({error}); nothing from this import was "
        "saved. Try again; if it fails again, export in smaller date ranges and import those.",
    ),
    "import.bad_xlsx": (
        "XLSX 文件已损坏或无法读取。请重新导出，或另存为 CSV。",
        "The XLSX file is damaged or unreadable. Export it again or save it as CSV.",
    ),
    # --- import: row problems ---
    "import.problem.no_order_no": ("缺少订单编号", "order number missing"),
    "import.problem.mangled_id": (
        "订单编号被 Excel 改成了科学计数法（{value}），后几位已丢失：请使用淘宝导出的原始文件，不要用 Excel 另存",
        "the order number was turned into scientific notation by Excel ({value}) and lost digits: "
        "use the original export, do not re-save it in Excel",
    ),
    "import.problem.bad_order_no": (
        "订单编号「{value}」格式不对（只能是字母和数字）",
        "order number “{value}” is malformed (letters and digits only)",
    ),
    "import.problem.no_receiver": ("缺少收货人姓名", "recipient name missing"),
    "import.problem.no_address": ("缺少收货地址", "delivery address missing"),
    "import.problem.unknown_province": (
        "无法识别省份：「{value}」。地址应以省份开头，如「浙江省 杭州市 西湖区 …」",
        "province not recognised in “{value}”; the address must start with the province, e.g. 浙江省 杭州市 西湖区 …",
    ),
    "import.problem.no_phone": ("缺少联系手机和联系电话", "no mobile or landline number"),
    "import.problem.bad_phone": (
        "电话号码「{value}」格式不对（手机应为 11 位数字）",
        "phone number “{value}” is malformed (a mobile has 11 digits)",
    ),
    "import.problem.bad_money": ("金额「{value}」无法识别", "amount “{value}” not understood"),
    "import.problem.bad_number": ("数量「{value}」无法识别", "quantity “{value}” not understood"),
    "import.problem.bad_date": (
        "时间「{value}」无法识别（应为 2024-05-23 22:02:11 或 2024/5/23 22:02）",
        "time “{value}” not understood (use 2024-05-23 22:02:11 or 2024/5/23 22:02)",
    ),
    "import.problem.unknown_status": ("订单状态「{value}」无法识别", "order status “{value}” not understood"),
    "import.problem.duplicate": (
        "与第 {first} 行是同一订单，已按第 {first} 行导入",
        "same order as row {first}; imported once",
    ),
    "import.problem.number_used": (
        "单号 {number} 已用于订单 {order_no}，同一单号不能再用于其他订单",
        "number {number} was already used for order {order_no}; a number is never reused",
    ),
    # the number history (pool audit) of a number seen in an order export
    "pool.action.record_external": ("在别处发货（订单导入）", "shipped elsewhere (order import)"),
    # --- import page ---
    "orders.import.button": ("导入订单", "Import orders"),
    "orders.import.title": ("导入淘宝订单", "Import Taobao orders"),
    "orders.import.intro": (
        "在千牛/卖家中心「已卖出的宝贝 → 批量导出」下载订单报表（CSV 或 XLSX，GBK 或 UTF-8 均可），拖到下面。"
        "先预览每行的问题，确认后再导入；同一订单再次导入只会更新，已发货的订单不会被改动。",
        "Download the order report from Taobao (已卖出的宝贝 → 批量导出; CSV or XLSX, GBK or UTF-8) and drop it "
        "below. You see each row's problems first and then confirm; importing an order again only updates it, "
        "and shipped orders are never changed.",
    ),
    "orders.import.template": ("下载导入模板", "Download the import template"),
    "orders.import.reading": ("正在读取文件…", "Reading the file…"),
    "orders.import.reading_file": ("正在读取 {name}（{size_mb} MB）…", "Reading {name} ({size_mb} MB)…"),
    "orders.import.preview": (
        "新订单 {new} 个，更新 {updated} 个，已发货不改动 {shipped} 个，有问题的行 {rejected} 个。",
        "{new} new orders, {updated} updates, {shipped} already shipped (left alone), {rejected} rows with "
        "problems ({encoding}).",
    ),
    "orders.import.confirm": ("导入 {count} 个订单", "Import {count} orders"),
    "orders.import.done": (
        "导入完成：新增 {imported}，更新 {updated}，未导入 {rejected} 行。",
        "Imported: {imported} new, {updated} updated, {rejected} rows not imported.",
    ),
    "orders.import.problems": ("有问题的行（未导入）", "Rows with problems (not imported)"),
    "orders.import.more_problems": (
        "……另有 {count} 行，请修正文件后重新导入。",
        "…and {count} more rows; fix the file and import again.",
    ),
    "orders.import.nothing": ("没有可导入的订单。", "Nothing to import."),
    "orders.import.close": ("关闭", "Close"),
    "orders.import.col.row": ("行号", "Row"),
    "orders.import.col.reason": ("原因", "Reason"),
    "orders.import.col.order_no": ("订单编号", "Order no."),
}
