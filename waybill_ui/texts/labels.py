"""Texts of the labels area: printing 面单, sender addresses, label options."""

TEXTS = {
    # printing
    "labels.none_selected": (
        "请先选择要打印面单的包裹。",
        "Select the shipments whose labels you want to print first.",
    ),
    "labels.bad_ids": (
        "包裹编号「{value}」无效：请用英文逗号分隔的数字编号，例如 1,2,3。",
        "Shipment id “{value}” is not valid: give numbers separated by commas, e.g. 1,2,3.",
    ),
    "labels.too_many": (
        "一次最多打印 {limit} 张面单（这次选了 {count} 张）。请分批打印。",
        "At most {limit} labels can be printed at once ({count} were asked). Print them in batches.",
    ),
    "labels.bad_size": (
        "不支持的面单尺寸「{size}」。可选：{sizes}。",
        "Label size “{size}” is not supported. Choose one of: {sizes}.",
    ),
    "labels.not_found": (
        "找不到这些包裹：{ids}。请刷新列表后重新选择。",
        "These shipments do not exist: {ids}. Refresh the list and select again.",
    ),
    "labels.cancelled": (
        "这些包裹已取消，单号已作废，不能打印面单：{ids}。请取消选择它们后再打印。",
        "These shipments were cancelled and their numbers voided, so their labels cannot be printed: {ids}. "
        "Unselect them and print again.",
    ),
    "labels.file_gone": (
        "这个面单文件已过期或不存在。请重新点击打印生成。",
        "This label file has expired or does not exist. Press print again to make a new one.",
    ),
    "labels.dialog_title": ("打印面单（{count} 张）", "Print labels ({count})"),
    "labels.step_routing": ("正在获取分拣码（三段码/大头笔）…", "Getting routing codes…"),
    "labels.step_render": ("正在生成面单 {done}/{total}…", "Making labels {done}/{total}…"),
    "labels.ready": (
        "已生成 {count} 张面单（其中补打 {reprints} 张）。点「打开 PDF」查看或打印，也可以下载。",
        "{count} labels are ready ({reprints} reprints). Press “Open PDF” to view or print them, or download them.",
    ),
    "labels.sent_to_print": (
        "已生成 {count} 张面单（其中补打 {reprints} 张），打印窗口马上弹出。如果没有弹出，请点「打开 PDF」后按 Ctrl+P，或下载后打印。",
        "{count} labels are ready ({reprints} reprints); the print dialog opens now. If it does not, press “Open PDF” "
        "and then Ctrl+P, or download the file and print it.",
    ),
    "labels.printed_line": ("订单 {order_no}：{carrier} {number}", "Order {order_no}: {carrier} {number}"),
    "labels.printed_more": ("……另有 {count} 张", "…and {count} more"),
    "labels.routing_failed": (
        "有 {count} 个包裹没拿到分拣码，面单上改印目的城市。",
        "{count} shipments got no routing code; their labels show the destination city instead.",
    ),
    "labels.open_pdf": ("打开 PDF", "Open PDF"),
    "labels.download": ("下载 PDF", "Download PDF"),
    "labels.close": ("关闭", "Close"),
    "labels.failed": ("面单没有生成：{error}", "The labels were not made: {error}"),
    "labels.unexpected": (
        "程序出了问题（编号 {ref}，已记录在日志中）。请重试；若一直出现，请把编号告诉管理员。",
        "something went wrong (reference {ref}, logged). Try again; if it keeps happening, give the reference "
        "to your administrator.",
    ),
    "labels.print_page_title": ("打印面单", "Print labels"),
    "labels.print_page_intro": (
        "输入包裹编号（英文逗号或换行分隔）生成一个 PDF，每个包裹一页。订单、批量发货和物流列表里也可以直接打印。",
        "Enter shipment ids (separated by commas or new lines) to make one PDF with a page per shipment. "
        "You can also print from the order, batch-ship and tracking lists.",
    ),
    "labels.ids": ("包裹编号", "Shipment ids"),
    "labels.size": ("面单尺寸", "Label size"),
    "labels.size.76x130": ("76×130 毫米（一联单）", "76×130 mm (one part)"),
    "labels.size.100x180": ("100×180 毫米（二联单）", "100×180 mm (two parts)"),
    "labels.print": ("打印面单", "Print labels"),
    "labels.print_all": ("打印全部面单", "Print all labels"),
    "labels.print_after_ship": ("发货后立即打印面单", "Print the label right after shipping"),
    "labels.unprinted_count": ("还有 {count} 个包裹未打印面单。", "{count} shipments have no printed label yet."),
    "labels.fill_unprinted": ("填入未打印的（最多 {limit} 个）", "Fill in the unprinted ones (up to {limit})"),
    # what is printed on the label itself (always Chinese: the label is read by Chinese couriers)
    "labels.pdf.reprint": ("补打", "Reprint"),
    # sender addresses
    "labels.tab": ("面单与寄件人", "Labels & senders"),
    "senders.title": ("寄件人地址", "Sender addresses"),
    "senders.intro": (
        "面单上的「寄件人」来自这里。可以保存多个地址（例如不同仓库），其中一个为默认。",
        "The sender on the labels comes from here. Keep several addresses (e.g. warehouses); one is the default.",
    ),
    "senders.none": (
        "还没有寄件人地址。请先添加一个，面单上才会印寄件人。",
        "No sender address yet. Add one so labels show a sender.",
    ),
    "senders.add": ("添加寄件人地址", "Add a sender address"),
    "senders.edit": ("修改", "Edit"),
    "senders.make_default": ("设为默认", "Make default"),
    "senders.default": ("默认", "Default"),
    "senders.label": ("备注名（例如：杭州仓）", "Label (e.g. Hangzhou warehouse)"),
    "senders.name": ("寄件人", "Sender name"),
    "senders.phone": ("电话", "Phone"),
    "senders.province": ("省份", "Province"),
    "senders.city": ("城市", "City"),
    "senders.district": ("区县", "District"),
    "senders.address": ("详细地址", "Street address"),
    "senders.is_default": ("设为默认地址", "Use as the default"),
    "senders.saved": ("寄件人地址已保存。", "Sender address saved."),
    "senders.deleted": ("寄件人地址已删除。", "Sender address deleted."),
    "senders.not_found": (
        "找不到这个寄件人地址（编号 {id}），可能已被删除。请刷新页面。",
        "Sender address {id} does not exist; it may have been deleted. Reload the page.",
    ),
    "senders.name_required": ("请填写寄件人姓名（最多 40 个字）。", "Enter the sender's name (at most 40 characters)."),
    "senders.phone_invalid": (
        "电话「{phone}」格式不对：请填 11 位手机号（如 13800138000）或带区号的固话（如 0571-88886666）。",
        "Phone “{phone}” is not valid: enter an 11-digit mobile number (e.g. 13800138000) or a landline with "
        "area code (e.g. 0571-88886666).",
    ),
    "senders.province_invalid": (
        "省份「{province}」不认识：请从列表中选择省份。",
        "Province “{province}” is unknown: choose one from the list.",
    ),
    "senders.city_required": ("请填写城市（最多 32 个字）。", "Enter the city (at most 32 characters)."),
    "senders.district_too_long": ("区县最多 32 个字。", "The district has at most 32 characters."),
    "senders.address_required": (
        "请填写详细地址（最多 200 个字）。",
        "Enter the street address (at most 200 characters).",
    ),
    "senders.label_too_long": ("备注名最多 40 个字。", "The label has at most 40 characters."),
    "senders.too_many": (
        "最多保存 {limit} 个寄件人地址。请先删除不用的地址。",
        "At most {limit} sender addresses can be kept. Delete one you no longer use first.",
    ),
    "senders.in_use": (
        "这个地址已用于 {count} 个包裹，不能删除（补打面单时还要用）。可以修改它，或把别的地址设为默认。",
        "This address is used by {count} shipments and cannot be deleted (reprints need it). "
        "Edit it, or make another address the default.",
    ),
    "senders.missing_on_label": (
        "（未设置寄件人：设置 → 面单与寄件人）",
        "(no sender set: add one in Settings → Labels & senders)",
    ),
    # label options
    "labels.options": ("面单选项", "Label options"),
    "labels.mask_phone": (
        "隐私面单：隐藏收件人手机号中间四位和名字（如 张** 138****8000）",
        "Privacy labels: hide the middle of the recipient's phone and their given name (e.g. 张** 138****8000)",
    ),
    "labels.options_saved": ("面单选项已保存。", "Label options saved."),
    "labels.preview": ("预览样张", "Preview a sample"),
}
