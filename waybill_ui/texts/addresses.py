"""Texts for address smart paste (智能识别) and filling 待补地址 orders (services/orders/addresses/)."""

TEXTS = {
    "address.bad.name": ("请填写收货人姓名。", "Enter the receiver's name."),
    "address.bad.phone": (
        "电话号码「{value}」不对：手机是 1 开头的 11 位数字，座机写成 0571-88886666。打码的号码（138****5678）不能用来发货，请填完整号码。",
        "Phone “{value}” is not valid: a mobile has 11 digits starting with 1, a landline looks like "
        "0571-88886666. A masked number (138****5678) cannot be used to ship: enter the full number.",
    ),
    "address.bad.extension": (
        "分机号「{value}」不对：只能是隐私号后面的 1–6 位数字，并且要先填手机号。",
        "Extension “{value}” is not valid: 1–6 digits after a privacy number, which must be entered too.",
    ),
    "address.bad.no_phone": (
        "请填写手机或座机号码，快递员要联系收货人。",
        "Enter a mobile or landline number: the courier must be able to call the receiver.",
    ),
    "address.bad.province": (
        "省份「{value}」不认识，请选择正确的省、自治区或直辖市。",
        "Province “{value}” is unknown: choose a province, region or municipality.",
    ),
    "address.bad.city": (
        "「{value}」不是{province}下的城市，请检查城市。",
        "“{value}” is not a city of {province}: check the city.",
    ),
    "address.bad.district": (
        "「{value}」不是{city}下的区县（可能已改名或合并），请重新选择区县或留空。",
        "“{value}” is not a district of {city} (it may have been renamed or merged): choose "
        "the district again or leave it empty.",
    ),
    "address.bad.detail": (
        "请填写详细地址（街道、门牌号），打码的地址（***）不能发货。",
        "Enter the street address; a masked address (***) cannot be shipped to.",
    ),
    "address.not_pending": (
        "订单 {order_no} 已发货或已关闭，不能再改收货地址。",
        "Order {order_no} is shipped or closed: its address can no longer be changed.",
    ),
    "address.paste.title": ("补全收货地址", "Fill in the address"),
    "address.paste.hint": (
        "粘贴整段收货信息，例如：张三 13800138000 浙江省杭州市西湖区文三路90号",
        "Paste the whole block, e.g. 张三 13800138000 浙江省杭州市西湖区文三路90号",
    ),
    "address.paste.recognise": ("智能识别", "Recognise"),
    "address.paste.confidence": ("识别可信度 {percent}%", "Confidence {percent}%"),
    "address.paste.ambiguous": (
        "「{part}」有多个地方同名，请选择：{places}",
        "“{part}” names several places; choose one: {places}",
    ),
    "address.paste.masked": (
        "注意：{fields} 是打码的，请向买家要完整信息。",
        "Note: {fields} is masked; ask the buyer for the full data.",
    ),
    "address.paste.old_name": ("已按现行区划改写：{notes}", "Rewritten to today's divisions: {notes}"),
    "address.field.name": ("收货人", "Receiver"),
    "address.field.phone": ("手机", "Mobile"),
    "address.field.extension": ("分机号", "Extension"),
    "address.field.landline": ("座机", "Landline"),
    "address.field.province": ("省份", "Province"),
    "address.field.city": ("城市", "City"),
    "address.field.district": ("区县", "District"),
    "address.field.detail": ("详细地址", "Street address"),
    "address.save": ("保存地址", "Save address"),
    "address.saved": (
        "订单 {order_no} 的地址已补全，可以发货了。",
        "Order {order_no} now has an address and can ship.",
    ),
    "address.fill_button": ("补地址", "Fill address"),
    "address.masked.name": ("姓名", "the name"),
    "address.masked.phone": ("电话", "the phone"),
    "address.masked.detail": ("地址", "the address"),
}

TEXTS.update(
    {
        "address.bulk.no_address_column": (
            "文件里没有「收货地址」列（或 省/市/区/详细地址 列），无法补地址。请用带订单编号和收货地址的表格。",
            "The file has no 收货地址 column (nor 省/市/区/详细地址 columns): use a sheet "
            "with the order number and the address.",
        ),
        "address.bulk.unplaced": (
            "地址认不出省市区，或区县有重名（如 鼓楼区），请写上城市。",
            "The address names no known place, or a district that exists in several cities "
            "(e.g. 鼓楼区): add the city.",
        ),
        "address.bulk.title": ("从文件补地址", "Fill addresses from a file"),
        "address.bulk.done": ("已补全 {count} 个订单的地址。", "Filled the address of {count} orders."),
        "address.bulk.problem": ("第 {row} 行（订单 {order_no}）：{reason}", "Row {row} (order {order_no}): {reason}"),
    }
)

TEXTS.update(
    {
        "address.bulk.paste": (
            "或者粘贴两列：订单编号 + 收货信息（每行一个订单）",
            "Or paste two columns: order number + the buyer's block (one order a line)",
        ),
        "address.bulk.paste_hint": (
            "2100000000001\t张三 13800138000 浙江省杭州市西湖区文三路90号",
            "2100000000001\t张三 13800138000 浙江省杭州市西湖区文三路90号",
        ),
    }
)
